package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link MultiProcessWriteTest}: opens the store, prints {@code ready}, waits for the
 * parent's go file, then runs its transactions. Each one first reads the shared counter row, then writes a row
 * of its own and the counter plus one, so it must upgrade from reading to writing while the other process
 * writes too. Prints {@code failed <message>} for each transaction that failed, then {@code committed <count>}.
 *
 * <p>Arguments: opener class name, store path, process name (prefix of the ids), transactions, go file.
 */
public final class ReadThenWriteProcess {

    static final String TABLE = "shared";
    static final TableDefinition DEFINITION = new TableDefinition(TABLE, Map.of("n", ColumnType.INTEGER));
    static final String COUNTER = "counter";

    private ReadThenWriteProcess() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, InterruptedException {
        StoreOpener opener = (StoreOpener) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        String name = args[2];
        int transactions = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        PrintStream out = System.out;
        try (SyncContextDataSource store = opener.open(Path.of(args[1]))) {
            store.defineTable(DEFINITION);
            out.println("ready");
            out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(1);
            }
            int committed = 0;
            for (int i = 0; i < transactions; i++) {
                String id = name + "-" + i;
                try {
                    store.transaction(ops -> {
                        long count = (Long) ops.lookup(TABLE, COUNTER).orElseThrow().get("n");
                        ops.upsert(TABLE, List.of(row(id, count), row(COUNTER, count + 1)));
                        return null;
                    });
                    committed++;
                } catch (StoreException e) {
                    out.println("failed " + e.getMessage());
                }
            }
            out.println("committed " + committed);
            out.flush();
        }
    }

    static Map<String, Object> row(String id, long n) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("n", n);
        return row;
    }
}

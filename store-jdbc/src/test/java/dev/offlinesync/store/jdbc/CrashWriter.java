package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link StoreDurabilityTest}: writes through a {@link SyncTable} in an endless loop until
 * it is killed. Before each write it prints {@code B <kind> <id> <version>}, after it returns {@code E}, so the
 * parent knows which writes returned and which one (at most) was cut off.
 *
 * <p>Arguments: opener class name, store path, run name (prefix of the ids), random seed.
 */
public final class CrashWriter {

    static final String TABLE = "CrashItem";
    static final Map<String, ColumnType> COLUMNS = Map.of("text", ColumnType.STRING, "n", ColumnType.INTEGER);
    /** A service that is never contacted: nothing is pushed. */
    static final URI NOWHERE = URI.create("http://127.0.0.1:9/");

    private CrashWriter() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        StoreOpener opener = (StoreOpener) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path path = Path.of(args[1]);
        String run = args[2];
        Random random = new Random(Long.parseLong(args[3]));
        PrintStream out = System.out;
        try (SyncClient client = SyncClient.builder(NOWHERE).store(opener.open(path)).build()) {
            SyncTable<ObjectNode> items = client.table(TABLE, COLUMNS);
            out.println("ready");
            out.flush();
            List<String> live = new ArrayList<>();
            Map<String, Long> versions = new HashMap<>();
            for (int i = 0; ; i++) {
                int choice = random.nextInt(10);
                if (choice < 6 || live.isEmpty()) {
                    String id = run + "-" + i;
                    begin(out, "I", id, 0);
                    items.insert(item(id, 0));
                    live.add(id);
                    versions.put(id, 0L);
                } else if (choice < 9) {
                    String id = live.get(random.nextInt(live.size()));
                    long version = versions.merge(id, 1L, Long::sum);
                    begin(out, "U", id, version);
                    items.update(item(id, version));
                } else {
                    String id = live.remove(random.nextInt(live.size()));
                    begin(out, "D", id, -1);
                    items.deleteById(id);
                }
                out.println("E");
                out.flush();
            }
        }
    }

    private static void begin(PrintStream out, String kind, String id, long version) {
        out.println("B " + kind + " " + id + " " + version);
        out.flush();
    }

    static ObjectNode item(String id, long version) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("text", "version " + version + " of " + id + ": it's 100% \"durable\" -- ; \\ 😀");
        item.put("n", version);
        item.put("note", "an extra field the definition does not name");
        return item;
    }
}

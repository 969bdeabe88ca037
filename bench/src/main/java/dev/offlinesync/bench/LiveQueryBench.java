package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.Query;
import dev.offlinesync.QueryResult;
import dev.offlinesync.Subscription;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Commit-to-listener latency of a live query on a SQLite file store: a table of {@code rows} rows, a query for the
 * first 100 of one priority by due date, and {@code rounds} updates of an item in that result; each update's
 * latency runs from just before the update's commit to the listener receiving a result that shows it (the
 * re-read included). Updates are spaced past the live query interval, so throttling does not count.
 *
 * <pre>java -cp bench/target/offlinesync-bench.jar dev.offlinesync.bench.LiveQueryBench [rows=10000] [rounds=200]</pre>
 */
public final class LiveQueryBench {

    private static final URI NOWHERE = URI.create("http://127.0.0.1:9/");

    private LiveQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 10_000;
        int rounds = 200;
        for (String arg : args) {
            if (arg.startsWith("rows=")) {
                rows = Integer.parseInt(arg.substring(5));
            } else if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(arg.substring(7));
            }
        }
        Path folder = Files.createTempDirectory("offlinesync-livequery");
        try (SyncClient client = SyncClient.builder(NOWHERE).store(SqliteStore.file(folder.resolve("store.db")))
                .build()) {
            SyncTable<ObjectNode> table = client.table(BenchRows.TABLE, BenchRows.USER_COLUMNS);
            for (int n = 0; n < rows; n++) {
                ObjectNode item = BenchRows.localItem(n);
                item.put("id", "item-" + n);
                table.insert(item);
            }
            List<Double> fromCall = new ArrayList<>();
            List<Double> fromCommit = new ArrayList<>();
            measure(table, rounds, fromCall, fromCommit);
            print("update call -> listener", rows, fromCall);
            print("commit (update returned) -> listener", rows, fromCommit);
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void print(String what, int rows, List<Double> millis) {
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "live query on SQLite, %,d rows, %d updates, %s: median %.2f ms, p95 %.2f ms,"
                + " max %.2f ms%n", rows, millis.size(), what, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1), millis.get(millis.size() - 1));
    }

    /** Fills the latencies from the update call's start and from its return (0 when the result came first). */
    private static void measure(SyncTable<ObjectNode> table, int rounds, List<Double> fromCall,
                                List<Double> fromCommit) throws Exception {
        Query query = Query.all().where(Filter.eq("priority", 2L)).orderBy("due").top(100);
        AtomicReference<String> awaited = new AtomicReference<>("");
        AtomicReference<CompletableFuture<Long>> arrived = new AtomicReference<>(new CompletableFuture<>());
        Subscription subscription = table.observe(query, (QueryResult<ObjectNode> result) -> {
            long now = System.nanoTime();
            for (ObjectNode item : result.items()) {
                if (item.get("text").asText().equals(awaited.get())) {
                    arrived.get().complete(now);
                }
            }
        });
        try {
            for (int round = 0; round < rounds; round++) {
                Thread.sleep(60); // past the live query interval
                CompletableFuture<Long> next = new CompletableFuture<>();
                arrived.set(next);
                String text = "round " + round;
                awaited.set(text);
                ObjectNode item = table.lookup("item-2").orElseThrow();
                item.put("text", text);
                long start = System.nanoTime();
                table.update(item);
                long committed = System.nanoTime();
                long end = next.get(10, TimeUnit.SECONDS);
                fromCall.add((end - start) / 1e6);
                fromCommit.add(Math.max(0, end - committed) / 1e6);
            }
        } finally {
            subscription.close();
        }
    }
}

package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.Query;
import dev.offlinesync.QueryResult;
import dev.offlinesync.Subscription;
import dev.offlinesync.spi.SyncContextDataSource;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Update-to-listener latency of a live query on SQLite: a table of {@code rows} items, a query for the first 100
 * open items by due date, and {@code updates} changes of the title of an item in that result. Each latency runs
 * from just before the update call to a callback, on another thread, receiving a result that shows the new title.
 * The library's side is {@code SyncTable.update} and an {@code observe} subscription; the hand-written side is a
 * JDBC {@code UPDATE} and commit, then the same {@code SELECT} re-run on a second connection by a single-thread
 * executor, which hands the rows to the callback: what an app without the library would write. Updates are spaced
 * past the live query interval, so throttling never counts. A run's figure is the median of its updates.
 */
final class LiveQueries {

    /** The updated item: open ({@code n % 3 != 0}) and due early, so it is in the result. */
    private static final String ITEM = "live-1";
    private static final long SPACING_MILLIS = 60;
    private static final String SELECT = "SELECT id, title, done, amount, due, note FROM items WHERE done = 0"
            + " ORDER BY due LIMIT 100";

    private LiveQueries() {
    }

    static Harness.Workload workload(Path root, URI uri, Function<Path, SyncContextDataSource> store,
                                     int rows, int updates) {
        String name = String.format(Locale.ROOT, "live query, update to listener, SQLite, %,d rows, %d updates"
                + " (hand-written: JDBC update, the SELECT re-run on another thread)", rows, updates);
        return new Harness.Workload(name, "updates", Harness.Unit.LATENCY, null,
                Session.kept(root, folder -> new LibrarySide(Session.Library.opener(uri, "LiveItem", store)
                        .open(folder)), side -> side.fill(rows), side -> side.measure(updates)),
                Session.kept(root, folder -> new HandSide(new HandSql(HandSql.Flavour.SQLITE, folder)),
                        side -> side.fill(rows), side -> side.measure(updates)));
    }

    /** The median of latencies in nanoseconds, in microseconds. */
    private static long medianMicros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000;
    }

    private static final class LibrarySide implements AutoCloseable {
        private final Session.Library library;
        private volatile String awaited = "";
        private volatile CompletableFuture<Long> arrived = new CompletableFuture<>();
        private Subscription subscription;

        LibrarySide(Session.Library library) {
            this.library = library;
        }

        long fill(int rows) {
            for (int n = 0; n < rows; n++) {
                ObjectNode item = WireRows.localItem(n);
                item.put("id", "live-" + n);
                library.table().insert(item);
            }
            Query open = Query.all().where(Filter.eq("done", false)).orderBy("due").top(100);
            subscription = library.table().observe(open, (QueryResult<ObjectNode> result) -> {
                long now = System.nanoTime();
                for (ObjectNode item : result.items()) {
                    if (item.get("id").textValue().equals(ITEM) && item.get("title").textValue().equals(awaited)) {
                        arrived.complete(now);
                    }
                }
            });
            return rows;
        }

        long measure(int updates) throws Exception {
            long[] latencies = new long[updates];
            for (int u = 0; u < updates; u++) {
                Thread.sleep(SPACING_MILLIS);
                ObjectNode item = library.table().lookup(ITEM).orElseThrow();
                String title = "update " + System.nanoTime();
                item.put("title", title);
                CompletableFuture<Long> next = new CompletableFuture<>();
                arrived = next;
                awaited = title;
                long start = System.nanoTime();
                library.table().update(item);
                latencies[u] = next.get(10, TimeUnit.SECONDS) - start;
            }
            return medianMicros(latencies);
        }

        @Override
        public void close() {
            if (subscription != null) {
                subscription.close();
            }
            library.close();
        }
    }

    private static final class HandSide implements AutoCloseable {
        private final HandSql db;
        private final ExecutorService reads = Executors.newSingleThreadExecutor();
        private Connection reader;
        private PreparedStatement select;
        private volatile String awaited = "";
        private volatile CompletableFuture<Long> arrived = new CompletableFuture<>();

        HandSide(HandSql db) {
            this.db = db;
        }

        long fill(int rows) throws SQLException {
            for (int n = 0; n < rows; n++) {
                db.insertLocally("LiveItem", "live-" + n, WireRows.localItem(n));
            }
            reader = db.reader();
            select = reader.prepareStatement(SELECT);
            return rows;
        }

        /** The app's callback: looks for the awaited title, like the library side's listener. */
        private void deliver(List<HandSql.Row> result) {
            long now = System.nanoTime();
            for (HandSql.Row row : result) {
                if (row.id.equals(ITEM) && row.title.equals(awaited)) {
                    arrived.complete(now);
                }
            }
        }

        /** Re-runs the query on the reader thread and hands the rows to the callback there. */
        private void requery(Consumer<List<HandSql.Row>> callback) {
            reads.execute(() -> {
                List<HandSql.Row> rows = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(HandSql.Row.read(rs, 1));
                    }
                    reader.commit();
                } catch (SQLException e) {
                    arrived.completeExceptionally(e);
                    return;
                }
                callback.accept(rows);
            });
        }

        long measure(int updates) throws Exception {
            long[] latencies = new long[updates];
            for (int u = 0; u < updates; u++) {
                Thread.sleep(SPACING_MILLIS);
                String title = "update " + System.nanoTime();
                CompletableFuture<Long> next = new CompletableFuture<>();
                arrived = next;
                awaited = title;
                long start = System.nanoTime();
                db.retitle(ITEM, title);
                requery(this::deliver);
                latencies[u] = next.get(10, TimeUnit.SECONDS) - start;
            }
            return medianMicros(latencies);
        }

        @Override
        public void close() throws SQLException {
            // Every read was awaited before the run returned, so none is left to run.
            reads.shutdownNow();
            if (reader != null) {
                reader.close();
            }
            db.close();
        }
    }
}

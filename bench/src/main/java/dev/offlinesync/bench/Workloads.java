package dev.offlinesync.bench;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.h2.H2Store;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.store.sqlite.SqliteStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** The workloads, each as the library and as the hand-written loop, against one server. */
final class Workloads {

    /** The sizes and where the databases go. */
    record Sizes(int rows, int memoryRows, int page, int push, int local, Path root) {
    }

    private static final Function<Path, SyncContextDataSource> SQLITE = f -> SqliteStore.file(f.resolve("store.db"));
    private static final Function<Path, SyncContextDataSource> H2 = f -> H2Store.file(f.resolve("store"));
    private static final Function<Path, SyncContextDataSource> MEMORY = f -> new MemoryStore();
    /** Updates per run of the live query workload (each spaced past the live query interval). */
    private static final int LIVE_UPDATES = 30;
    /**
     * Untimed rounds of each side before an incremental or no-change pull is timed: after one, a run's figure swung
     * 0.5–0.9 from one run of the bench to the next while the JIT still compiled what the first pulls use.
     */
    static final int LATER_PULL_WARM_UPS = 10;
    /**
     * Pulls (each after its own change on the server) that make one timed run of an incremental or no-change pull,
     * its figure their mean: one pull's time swung 10–70 ms with SQLite's WAL checkpoints, which fall on some pulls
     * and not others, so the median of seven single pulls flipped between the two modes from one run of the bench to
     * the next.
     */
    static final int LATER_PULLS_PER_RUN = 10;

    private final URI uri;
    private final Sizes sizes;
    private final HandHttp hand;

    Workloads(URI uri, Sizes sizes) {
        this.uri = uri;
        this.sizes = sizes;
        this.hand = new HandHttp(uri);
    }

    /** Everything against the in-process server, which gets the tables they need. */
    static List<Harness.Workload> inProcess(PageServer server, Sizes sizes) {
        Workloads w = new Workloads(server.uri(), sizes);
        int rows = sizes.rows();
        server.define("RandomItem", WireRows.Ids.RANDOM, rows);
        server.define("OrderedItem", WireRows.Ids.TIME_ORDERED, rows);
        server.define("MemoryItem", WireRows.Ids.RANDOM, sizes.memoryRows());
        ServerTable changing = server.define("ChangingItem", WireRows.Ids.RANDOM, rows);
        server.define("PushItem", WireRows.Ids.RANDOM, 0);
        Random random = new Random(7);
        int changes = Math.max(1, rows / 100);
        List<Harness.Workload> all = new ArrayList<>();
        all.add(w.firstPull("first pull, SQLite, random UUID ids", "RandomItem", SQLITE, HandSql.Flavour.SQLITE));
        all.add(w.firstPull("first pull, SQLite, time-ordered ids", "OrderedItem", SQLITE, HandSql.Flavour.SQLITE));
        all.add(w.firstPull("first pull, H2, random UUID ids", "RandomItem", H2, HandSql.Flavour.H2));
        all.add(w.firstPull("first pull, H2, time-ordered ids", "OrderedItem", H2, HandSql.Flavour.H2));
        all.add(w.memoryPull("MemoryItem"));
        all.add(w.laterPull(String.format(Locale.ROOT, "incremental pull after 1%% of %,d rows changed, SQLite",
                rows), "ChangingItem", () -> changing.change(changes, random), changes));
        all.add(w.laterPull("no-change pull, SQLite", "RandomItem", null, 0));
        all.add(w.push(String.format(Locale.ROOT, "push of %,d queued inserts, SQLite", sizes.push()), "PushItem", 1));
        all.add(w.push(String.format(Locale.ROOT, "push of %,d queued inserts, SQLite, pushParallelism 8"
                + " (hand-written: sequential)", sizes.push()), "PushItem", 8));
        all.add(w.localInserts("local inserts, SQLite", SQLITE, HandSql.Flavour.SQLITE, HandIds.RANDOM));
        all.add(w.localInserts("local inserts, H2", H2, HandSql.Flavour.H2, HandIds.RANDOM));
        // The library makes time-ordered ids; these show what is left when the loop makes them too.
        all.add(w.localInserts("local inserts, SQLite, the loop with time-ordered ids too", SQLITE,
                HandSql.Flavour.SQLITE, HandIds.TIME_ORDERED));
        all.add(w.localInserts("local inserts, H2, the loop with time-ordered ids too", H2, HandSql.Flavour.H2,
                HandIds.TIME_ORDERED));
        all.add(w.memoryInserts());
        all.add(LiveQueries.workload(sizes.root(), server.uri(), SQLITE, sizes.local(),
                Math.min(LIVE_UPDATES, sizes.local())));
        return all;
    }

    /** Pull and push against the Node server's {@code TypedItem} table, seeded with {@code rows} rows. */
    static List<Harness.Workload> node(URI uri, Sizes sizes) {
        Workloads w = new Workloads(uri, sizes);
        return List.of(
                w.firstPull(String.format(Locale.ROOT, "first pull of %,d rows from the Node server, SQLite",
                        sizes.rows()), NodeServer.TABLE, SQLITE, HandSql.Flavour.SQLITE),
                w.push(String.format(Locale.ROOT, "push of %,d queued inserts to the Node server, SQLite",
                        sizes.push()), NodeServer.TABLE, 1),
                w.push(String.format(Locale.ROOT, "push of %,d queued inserts to the Node server, SQLite,"
                        + " pushParallelism 8 (hand-written: sequential)", sizes.push()), NodeServer.TABLE, 8));
    }

    private Harness.Workload firstPull(String name, String table, Function<Path, SyncContextDataSource> store,
                                       HandSql.Flavour flavour) {
        int page = sizes.page();
        int rows = sizes.rows();
        return new Harness.Workload(name, "rows", Harness.Unit.RATE, null,
                Session.fresh(sizes.root(), Session.Library.opener(uri, table, store), null,
                        expect(rows, lib -> lib.pull(page))),
                Session.fresh(sizes.root(), f -> new HandSql(flavour, f), null,
                        expect(rows, db -> hand.pull(table, db, page))));
    }

    /** Fails a run that did not handle all it should have: a fast wrong answer is no result. */
    private static <T> Session.Action<T> expect(long count, Session.Action<T> action) {
        return state -> {
            long done = action.apply(state);
            if (done != count) {
                throw new IllegalStateException("handled " + done + " items where " + count + " were expected");
            }
            return done;
        };
    }

    private Harness.Workload memoryPull(String table) {
        int page = sizes.page();
        String name = String.format(Locale.ROOT, "first pull of %,d rows, memory store vs a HashMap",
                sizes.memoryRows());
        return new Harness.Workload(name, "rows", Harness.Unit.RATE, null,
                Session.fresh(sizes.root(), Session.Library.opener(uri, table, MEMORY), null,
                        expect(sizes.memoryRows(), lib -> lib.pull(page))),
                Session.fresh(sizes.root(), f -> new MapSide(), null,
                        expect(sizes.memoryRows(), map -> hand.pull(table, map.replica, page))));
    }

    /** A pull into a replica that already holds the table; {@code round} changes rows on the server first. */
    private Harness.Workload laterPull(String name, String table, Harness.Round round, int changes) {
        int page = sizes.page();
        return new Harness.Workload(name, "rows", Harness.Unit.MILLIS, round,
                Session.kept(sizes.root(), Session.Library.opener(uri, table, SQLITE), lib -> lib.pull(page),
                        expect(changes, lib -> lib.pull(page))),
                Session.kept(sizes.root(), f -> new HandSql(HandSql.Flavour.SQLITE, f),
                        db -> hand.pull(table, db, page), expect(changes, db -> hand.pull(table, db, page))),
                LATER_PULL_WARM_UPS, LATER_PULLS_PER_RUN);
    }

    private Harness.Workload push(String name, String table, int parallelism) {
        int count = sizes.push();
        return new Harness.Workload(name, "ops", Harness.Unit.RATE, null,
                Session.fresh(sizes.root(), Session.Library.opener(uri, table, SQLITE, parallelism),
                        lib -> lib.insert(count),
                        expect(count, Session.Library::push)),
                Session.fresh(sizes.root(), f -> new HandSql(HandSql.Flavour.SQLITE, f),
                        db -> insertAll(db, table, count), expect(count, db -> hand.push(table, db))));
    }

    private Harness.Workload localInserts(String name, Function<Path, SyncContextDataSource> store,
                                          HandSql.Flavour flavour, HandIds ids) {
        int count = sizes.local();
        return new Harness.Workload(name, "rows", Harness.Unit.RATE, null,
                Session.fresh(sizes.root(), Session.Library.opener(uri, "PushItem", store), null,
                        lib -> lib.insert(count)),
                Session.fresh(sizes.root(), f -> new HandSql(flavour, f, ids), null,
                        db -> insertAll(db, "PushItem", count)));
    }

    private Harness.Workload memoryInserts() {
        int count = sizes.local();
        return new Harness.Workload("local inserts, memory store vs a HashMap and a queue list", "rows",
                Harness.Unit.RATE, null,
                Session.fresh(sizes.root(), Session.Library.opener(uri, "PushItem", MEMORY), null,
                        lib -> lib.insert(count)),
                Session.fresh(sizes.root(), f -> new MapSide(), null, map -> map.insert(count)));
    }

    private static long insertAll(HandSql db, String table, int count) throws Exception {
        for (int n = 0; n < count; n++) {
            db.insertLocally(table, WireRows.localItem(n));
        }
        return count;
    }

    /** The memory side written by hand: rows in a HashMap, queued inserts in a list. */
    private static final class MapSide implements AutoCloseable {
        final HandHttp.MapReplica replica = new HandHttp.MapReplica();
        final List<String[]> queue = new ArrayList<>();

        long insert(int count) {
            Map<String, HandSql.Row> rows = replica.rows;
            for (int n = 0; n < count; n++) {
                var item = WireRows.localItem(n);
                HandSql.Row row = new HandSql.Row();
                row.id = java.util.UUID.randomUUID().toString();
                row.title = item.get("title").textValue();
                row.done = item.get("done").booleanValue();
                row.amount = item.get("amount").doubleValue();
                row.due = java.time.Instant.parse(item.get("due").textValue()).toEpochMilli();
                row.note = item.get("note").textValue();
                if (rows.putIfAbsent(row.id, row) != null) {
                    throw new IllegalStateException("id taken: " + row.id);
                }
                queue.add(new String[] {row.id, "insert"});
            }
            return count;
        }

        @Override
        public void close() {
        }
    }
}

package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.h2.H2Store;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.store.sqlite.SqliteStore;
import dev.offlinesync.testkit.FakeTableService;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Write throughput of each store next to hand-written JDBC doing the same writes, in the same run:
 * <ul>
 *   <li><b>local inserts</b>: items without ids inserted one by one through a {@link SyncTable} (each a transaction
 *   with its queue entry, as an app does); the JDBC side runs the statements the store runs for one (the row's insert
 *   that tells whether the id is taken, the queue entry numbered in the same statement, SQLite's immediate begin and
 *   PostgreSQL's advisory lock, commit), so the ratio is what the library adds around its own SQL;</li>
 *   <li><b>pulled pages</b>: rows of about 330 bytes with random UUID ids, in pages, each page one batch upsert
 *   and its cursor in one transaction, as a pull applies them;</li>
 *   <li><b>full pull</b>: the same number of rows pulled through a {@code SyncTable} from the testkit's fake
 *   table service over loopback HTTP (no JDBC counterpart: it shows what is left for the store).</li>
 * </ul>
 * Prints rows/s (median of the repetitions) and the ratio store/JDBC. Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -cp bench/target/offlinesync-bench.jar dev.offlinesync.bench.StoreBench
 *     [rows=100000] [page=1000] [local=10000] [repeat=3]
 *     [stores=sqlite,h2,memory(,postgres)] [workloads=local,pulled(,pull)] [dir=/tmp]
 * </pre>
 */
public final class StoreBench {

    private static final URI NOWHERE = URI.create("http://127.0.0.1:9/");

    /** A store kind: how to open the store, and plain JDBC on the same database engine (null: none). */
    private record Kind(String key, String name, Function<Path, SyncContextDataSource> store, JdbcOpener jdbc) {
    }

    private interface JdbcOpener {
        HandJdbc open(Path folder) throws SQLException;
    }

    private interface Run {
        double rowsPerSecond(Path folder) throws Exception;
    }

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = intArg(args, "rows", 100_000);
        int page = intArg(args, "page", 1000);
        int local = intArg(args, "local", 10_000);
        int repeat = intArg(args, "repeat", 3);
        String only = stringArg(args, "stores", "sqlite,h2,memory");
        String workloads = stringArg(args, "workloads", "local,pulled");
        boolean fullPull = List.of(workloads.split(",")).contains("pull");
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "offlinesync store benchmark: %d pulled rows in pages of %d, %d local inserts,"
                        + " median of %d; Java %s, %d cores%n%n", rows, page, local, repeat,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Kind> kinds = List.of(
                new Kind("sqlite", "SQLite file", folder -> SqliteStore.file(folder.resolve("store.db")),
                        folder -> new HandJdbc(new org.sqlite.JDBC().connect("jdbc:sqlite:" + folder.resolve("hand.db"),
                                immediate()), HandJdbc.Flavour.SQLITE)),
                new Kind("h2", "H2 file", folder -> H2Store.file(folder.resolve("store")),
                        folder -> new HandJdbc(new org.h2.Driver().connect("jdbc:h2:file:" + folder.resolve("hand")
                                + ";WRITE_DELAY=0", new Properties()), HandJdbc.Flavour.H2)),
                new Kind("postgres", "PostgreSQL", PostgresBench::store, PostgresBench::hand),
                new Kind("memory", "memory", folder -> new MemoryStore(), null));
        String base = stringArg(args, "dir", System.getProperty("java.io.tmpdir"));
        Path root = Files.createTempDirectory(Path.of(base), "offlinesync-bench");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (FakeTableService service = fullPull ? FakeTableService.start().defineTable(BenchRows.TABLE) : null) {
            for (int n = 0; fullPull && n < rows; n++) {
                service.insertDirect(BenchRows.TABLE, BenchRows.serverItem(new Random(n), n));
            }
            out.printf(Locale.ROOT, "%-12s %-32s %14s %14s %7s%n", "store", "workload", "store rows/s",
                    "JDBC rows/s", "ratio");
            for (Kind kind : kinds) {
                if (!only.contains(kind.key())) {
                    continue;
                }
                if (workloads.contains("local")) {
                    report(out, kind, "local inserts (SyncTable)",
                            measure(root, repeat, f -> localInserts(kind, f, local)),
                            kind.jdbc() == null ? Double.NaN : measure(root, repeat, f -> localJdbc(kind, f, local)));
                }
                if (fullPull) {
                    report(out, kind, "full pull from a fake service", measure(root, repeat,
                            f -> fullPull(kind, f, service, page)), Double.NaN);
                }
                if (workloads.contains("pulled")) {
                    double store = measure(root, repeat, f -> pulledPages(kind, f, rows, page));
                    report(out, kind, "pulled pages (upsert+cursor)", store,
                            kind.jdbc() == null ? Double.NaN : measure(root, repeat, f -> pulledJdbc(kind, f, rows, page)));
                    if (kind.key().equals("postgres")) {
                        report(out, kind, "pulled pages, JDBC with COPY", store,
                                measure(root, repeat, f -> copiedJdbc(kind, f, rows, page)));
                    }
                }
            }
        } finally {
            deleteTree(root);
            PostgresBench.dropSchemas();
        }
    }

    /** SQLite transactions that begin {@code IMMEDIATE} (taking the write lock at once), as the store's do. */
    private static Properties immediate() {
        Properties properties = new Properties();
        properties.setProperty("transaction_mode", "IMMEDIATE");
        return properties;
    }

    private static void report(PrintStream out, Kind kind, String workload, double store, double jdbc) {
        out.printf(Locale.ROOT, "%-12s %-32s %14.0f %14s %7s%n", kind.name(), workload, store,
                Double.isNaN(jdbc) ? "-" : String.format(Locale.ROOT, "%.0f", jdbc),
                Double.isNaN(jdbc) ? "-" : String.format(Locale.ROOT, "%.2f", store / jdbc));
    }

    /** Runs once to warm up, then {@code repeat} times, each in a fresh folder; returns the median. */
    private static double measure(Path root, int repeat, Run run) throws Exception {
        run.rowsPerSecond(Files.createTempDirectory(root, "warmup"));
        List<Double> results = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            results.add(run.rowsPerSecond(Files.createTempDirectory(root, "run")));
        }
        Collections.sort(results);
        return results.get(results.size() / 2);
    }

    private static double localInserts(Kind kind, Path folder, int count) {
        try (SyncClient client = SyncClient.builder(NOWHERE).store(kind.store().apply(folder)).build()) {
            SyncTable<ObjectNode> table = client.table(BenchRows.TABLE, BenchRows.USER_COLUMNS);
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                table.insert(BenchRows.localItem(n));
            }
            return count / seconds(start);
        }
    }

    private static double localJdbc(Kind kind, Path folder, int count) throws SQLException {
        try (HandJdbc jdbc = kind.jdbc().open(folder)) {
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                jdbc.insertLocally(BenchRows.localItem(n));
            }
            return count / seconds(start);
        }
    }

    private static double pulledPages(Kind kind, Path folder, int rows, int pageSize) {
        Random random = new Random(42);
        try (SyncContextDataSource store = kind.store().apply(folder)) {
            store.defineTable(BenchRows.SYNC_TABLE);
            store.defineTable(BenchRows.CONFIG_TABLE);
            long elapsed = 0;
            for (int first = 0; first < rows; first += pageSize) {
                List<Map<String, Object>> page = BenchRows.pulledPage(random, first, Math.min(pageSize, rows - first));
                long start = System.nanoTime();
                store.transaction(ops -> {
                    ops.upsert(BenchRows.TABLE, page);
                    ops.upsert(BenchRows.CONFIG, List.of(BenchRows.cursor(page.get(page.size() - 1))));
                    return null;
                });
                elapsed += System.nanoTime() - start;
            }
            return rows / (elapsed / 1e9);
        }
    }

    /** A whole pull through a SyncTable: HTTP, parsing, the engine and the store, page by page. */
    private static double fullPull(Kind kind, Path folder, FakeTableService service, int pageSize) throws Exception {
        try (SyncClient client = SyncClient.builder(service.uri()).store(kind.store().apply(folder)).build()) {
            SyncTable<ObjectNode> table = client.table(BenchRows.TABLE, BenchRows.USER_COLUMNS);
            long start = System.nanoTime();
            PullResult result = table.pull(Query.all(), "bench", PullOptions.defaults().withPageSize(pageSize))
                    .get(10, TimeUnit.MINUTES);
            return result.received() / seconds(start);
        }
    }

    private static double pulledJdbc(Kind kind, Path folder, int rows, int pageSize) throws SQLException {
        Random random = new Random(42);
        try (HandJdbc jdbc = kind.jdbc().open(folder)) {
            long elapsed = 0;
            for (int first = 0; first < rows; first += pageSize) {
                List<Map<String, Object>> page = BenchRows.pulledPage(random, first, Math.min(pageSize, rows - first));
                long start = System.nanoTime();
                jdbc.applyPage(page);
                elapsed += System.nanoTime() - start;
            }
            return rows / (elapsed / 1e9);
        }
    }

    private static double copiedJdbc(Kind kind, Path folder, int rows, int pageSize) throws SQLException {
        Random random = new Random(42);
        try (HandJdbc jdbc = kind.jdbc().open(folder)) {
            long elapsed = 0;
            for (int first = 0; first < rows; first += pageSize) {
                List<Map<String, Object>> page = BenchRows.pulledPage(random, first, Math.min(pageSize, rows - first));
                long start = System.nanoTime();
                jdbc.copyPage(page);
                elapsed += System.nanoTime() - start;
            }
            return rows / (elapsed / 1e9);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

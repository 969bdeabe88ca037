package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.PullOptions;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.SyncContextDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A side of a workload over some state in its own folder (a client and its store, a hand-written database):
 * opened and set up untimed, either once or afresh before every run, then the timed action.
 */
final class Session<T extends AutoCloseable> implements Harness.Side {

    interface Opener<T> {
        T open(Path folder) throws Exception;
    }

    interface Action<T> {
        long apply(T state) throws Exception;
    }

    /** A client with one sync table of the benchmark's columns. */
    record Library(SyncClient client, SyncTable<ObjectNode> table) implements AutoCloseable {
        static Opener<Library> opener(URI uri, String table, Function<Path, SyncContextDataSource> store) {
            return opener(uri, table, store, SyncClient.DEFAULT_PUSH_PARALLELISM);
        }

        static Opener<Library> opener(URI uri, String table, Function<Path, SyncContextDataSource> store,
                                      int pushParallelism) {
            return folder -> {
                SyncClient client = SyncClient.builder(uri).store(store.apply(folder))
                        .pushParallelism(pushParallelism).build();
                return new Library(client, client.table(table, WireRows.COLUMNS));
            };
        }

        long pull(int pageSize) throws Exception {
            return table.pull(Query.all(), "bench", PullOptions.defaults().withPageSize(pageSize))
                    .get(30, TimeUnit.MINUTES).received();
        }

        long insert(int count) {
            for (int n = 0; n < count; n++) {
                table.insert(WireRows.localItem(n));
            }
            return count;
        }

        long push() throws Exception {
            var result = client.syncContext().push().get(30, TimeUnit.MINUTES);
            if (!result.succeeded() || client.syncContext().pendingOperationCount() != 0) {
                throw new IllegalStateException("the push did not finish: " + result);
            }
            return result.completedOperations();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private final Path root;
    private final boolean fresh;
    private final Opener<T> opener;
    private final Action<T> setUp;
    private final Action<T> timed;
    private Path folder;
    private T state;

    private Session(Path root, boolean fresh, Opener<T> opener, Action<T> setUp, Action<T> timed) {
        this.root = root;
        this.fresh = fresh;
        this.opener = opener;
        this.setUp = setUp;
        this.timed = timed;
    }

    /** New state before every run. */
    static <T extends AutoCloseable> Session<T> fresh(Path root, Opener<T> opener, Action<T> setUp, Action<T> timed) {
        return new Session<>(root, true, opener, setUp, timed);
    }

    /** One state for all runs, set up before the first. */
    static <T extends AutoCloseable> Session<T> kept(Path root, Opener<T> opener, Action<T> setUp, Action<T> timed) {
        return new Session<>(root, false, opener, setUp, timed);
    }

    @Override
    public void open() throws Exception {
        if (!fresh) {
            prepare();
        }
    }

    @Override
    public void prepare() throws Exception {
        if (fresh || state == null) {
            finish();
            folder = Files.createTempDirectory(root, "side");
            state = opener.open(folder);
            if (setUp != null) {
                setUp.apply(state);
            }
        }
    }

    @Override
    public long run() throws Exception {
        return timed.apply(state);
    }

    @Override
    public void finish() throws Exception {
        if (state != null) {
            state.close();
            state = null;
        }
        if (folder != null) {
            deleteTree(folder);
            folder = null;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
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

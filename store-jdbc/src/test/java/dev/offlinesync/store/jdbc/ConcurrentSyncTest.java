package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeTableService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads insert, update and read through one {@code SyncTable} while pulls (each with its implicit push)
 * apply pages from a fake service into the same store: no write is lost, no lock or busy error reaches a
 * caller, and the whole run ends in bounded time (a deadlock fails it).
 */
public abstract class ConcurrentSyncTest {

    private static final String TABLE = "Note";
    private static final Map<String, ColumnType> COLUMNS = Map.of("text", ColumnType.STRING, "n", ColumnType.INTEGER);
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 150;
    private static final int SERVER_ROWS = 2_000;

    @TempDir
    protected Path dir;

    private FakeTableService service;
    private SyncClient client;

    /** The store under test, persistent or not, in this folder. */
    protected abstract SyncContextDataSource createStore(Path folder);

    /** The protocol of the fake service and the client (default Mobile Apps). */
    protected ProtocolDialect dialect() {
        return ProtocolDialect.MOBILE_APPS;
    }

    @BeforeEach
    void startService() {
        service = FakeTableService.start(dialect()).defineTable(TABLE);
        for (int i = 0; i < SERVER_ROWS; i++) {
            service.insertDirect(TABLE, note("server-" + i, "from the server " + i, i));
        }
        client = SyncClient.builder(service.uri()).store(createStore(dir)).dialect(dialect())
                .applicationKey(service.applicationKey()).requestTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        service.close();
    }

    private static ObjectNode note(String id, String text, long n) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("text", text);
        item.put("n", n);
        return item;
    }

    @Test
    void writersAndPullsTogetherLoseNothingAndNeverSeeALockError() {
        SyncTable<ObjectNode> notes = client.table(TABLE, COLUMNS);
        Map<String, String> lastText = new ConcurrentHashMap<>();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1, daemon());
            try {
                CountDownLatch start = new CountDownLatch(1);
                AtomicBoolean writing = new AtomicBoolean(true);
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    writers.add(pool.submit(() -> {
                        start.await();
                        write(notes, thread, lastText);
                        return null;
                    }));
                }
                Future<List<PullResult>> pulls = pool.submit(() -> {
                    start.await();
                    List<PullResult> results = new ArrayList<>();
                    do {
                        results.add(notes.pull(Query.all(), "all", PullOptions.defaults().withPageSize(100))
                                .get(90, TimeUnit.SECONDS));
                    } while (writing.get());
                    return results;
                });
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get(90, TimeUnit.SECONDS);
                }
                writing.set(false);
                List<PullResult> results = pulls.get(90, TimeUnit.SECONDS);
                assertTrue(results.get(0).received() >= SERVER_ROWS, "the first pull got every server row");
            } finally {
                pool.shutdownNow();
            }
        }, "writers and pulls deadlocked or are far too slow");

        for (Map.Entry<String, String> entry : lastText.entrySet()) {
            ObjectNode stored = notes.lookup(entry.getKey()).orElseThrow(() -> new AssertionError(entry.getKey()
                    + " was lost"));
            assertEquals(entry.getValue(), stored.get("text").asText(), "the last write of " + entry.getKey());
        }
        assertEquals(THREADS * WRITES_PER_THREAD + SERVER_ROWS, notes.read(Query.all().includeTotalCount().top(0))
                .totalCount(), "every local insert and every server row");
        for (int i = 0; i < SERVER_ROWS; i += 97) {
            assertEquals("from the server " + i, notes.lookup("server-" + i).orElseThrow().get("text").asText());
        }
    }

    /** Inserts notes, updates every other one again, and reads now and then. */
    private static void write(SyncTable<ObjectNode> notes, int thread, Map<String, String> lastText) {
        for (int i = 0; i < WRITES_PER_THREAD; i++) {
            String id = "t" + thread + "-" + i;
            String text = "thread " + thread + " note " + i;
            notes.insert(note(id, text, i));
            lastText.put(id, text);
            if (i % 2 == 1) {
                String earlier = "t" + thread + "-" + (i - 1);
                String changed = "thread " + thread + " changed note " + (i - 1);
                notes.update(note(earlier, changed, i));
                lastText.put(earlier, changed);
            }
            if (i % 25 == 0) {
                notes.read(Query.all().top(50));
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "concurrent-sync");
            thread.setDaemon(true);
            return thread;
        };
    }
}

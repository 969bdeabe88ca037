package dev.offlinesync.store.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeTableService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two app instances on one schema, each with its own {@link PostgresStore} (its own connections, as two
 * processes have): their writes share one queue in one order, and their pushes take turns, so every change
 * reaches the server once.
 */
@ExtendWith(PostgresServerExtension.class)
class SharedSchemaTest {

    private static final String TABLE = "Note";
    private static final int THREADS_PER_INSTANCE = 3;
    private static final int WRITES_PER_THREAD = 60;

    private static ObjectNode note(String id) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("text", "written by " + id);
        return item;
    }

    /** Inserts from several threads of each instance at once. */
    private static void insertConcurrently(List<SyncTable<ObjectNode>> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances.size() * THREADS_PER_INSTANCE);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    SyncTable<ObjectNode> table = instances.get(i);
                    String prefix = "i" + i + "-t" + t + "-";
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int n = 0; n < WRITES_PER_THREAD; n++) {
                            table.insert(note(prefix + n));
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void instancesWritingAtOnceGetDistinctQueuePositions() {
        String schema = TestDatabase.newSchema();
        URI nowhere = URI.create("http://127.0.0.1:9/");
        try (SyncClient a = SyncClient.builder(nowhere).store(TestDatabase.store(schema)).build();
             SyncClient b = SyncClient.builder(nowhere).store(TestDatabase.store(schema)).build()) {
            assertTimeoutPreemptively(Duration.ofMinutes(1), () -> insertConcurrently(List.of(a.table(TABLE),
                    b.table(TABLE))));
            List<PendingOperation> queue = a.syncContext().pendingOperations();
            int expected = 2 * THREADS_PER_INSTANCE * WRITES_PER_THREAD;
            assertEquals(expected, queue.size(), "every insert is queued");
            Set<Long> sequences = new HashSet<>();
            queue.forEach(op -> sequences.add(op.sequence()));
            assertEquals(expected, sequences.size(), "no two operations share a sequence number");
            assertEquals(queue, b.syncContext().pendingOperations(), "both instances see one queue");
        }
    }

    @Test
    void pushesFromTwoInstancesAtOnceSendEveryInsertOnce() throws Exception {
        String schema = TestDatabase.newSchema();
        try (FakeTableService service = FakeTableService.start().defineTable(TABLE);
             SyncClient a = SyncClient.builder(service.uri()).store(TestDatabase.store(schema)).build();
             SyncClient b = SyncClient.builder(service.uri()).store(TestDatabase.store(schema)).build()) {
            SyncTable<ObjectNode> tableA = a.table(TABLE);
            SyncTable<ObjectNode> tableB = b.table(TABLE);
            assertTimeoutPreemptively(Duration.ofMinutes(1), () -> insertConcurrently(List.of(tableA, tableB)));

            List<CompletableFuture<PushResult>> pushes = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                pushes.add(a.syncContext().push());
                pushes.add(b.syncContext().push());
            }
            for (CompletableFuture<PushResult> push : pushes) {
                PushResult result = push.get(60, TimeUnit.SECONDS);
                assertTrue(result.succeeded(), "push " + result);
            }

            int expected = 2 * THREADS_PER_INSTANCE * WRITES_PER_THREAD;
            assertEquals(expected, service.items(TABLE, false).size(), "every insert reached the server");
            long posts = service.requests().stream().filter(request -> request.method().equals("POST")).count();
            assertEquals(expected, posts, "each insert was sent once");
            assertEquals(List.of(), a.syncContext().pendingOperations());
            assertEquals(List.of(), b.syncContext().pendingOperations());
        }
    }
}

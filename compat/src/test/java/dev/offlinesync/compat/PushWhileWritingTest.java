package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import org.junit.jupiter.api.Test;

/**
 * A push sends what was queued when it started, so it completes while the app keeps writing (a writer thread
 * at about 150 writes a second, faster than one push can drain over HTTP when the queue is long); the next push
 * sends the rest.
 */
class PushWhileWritingTest extends ScenarioTest {

    /** The writer stops by itself after this many writes (about 10 s at its pace) if a push never returns. */
    private static final int MAX_WRITES = 1_500;
    private static final long PAUSE_NANOS = 1_000_000_000L / 150;
    private static final int QUEUED_BEFORE_THE_PUSH = 100;

    PushWhileWritingTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void pushCompletesWhileTheAppKeepsWriting() throws Exception {
        AtomicInteger written = new AtomicInteger();
        // counted before each insert starts: an insert that committed before the push began is always counted,
        // even when the writer has not yet counted it as written
        AtomicInteger started = new AtomicInteger();
        AtomicLong writtenWhenTheFirstOperationWasSent = new AtomicLong(-1);
        SyncContextDelegate firstOperationWatcher = new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                writtenWhenTheFirstOperationWasSent.compareAndSet(-1, started.get());
                return operation.execute();
            }
        };
        SyncClient phone = devices.device(firstOperationWatcher);
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        CompletableFuture<PushResult> push = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            long next = System.nanoTime();
            while (written.get() < MAX_WRITES && (written.get() < QUEUED_BEFORE_THE_PUSH || !push.isDone())) {
                int n = written.get();
                started.incrementAndGet();
                todos.insert(todo("w" + n, "write " + n, n % 2 == 0));
                written.incrementAndGet();
                next += PAUSE_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }, "app-writer");
        writer.start();
        while (written.get() < QUEUED_BEFORE_THE_PUSH && writer.isAlive()) {
            Thread.sleep(10);
        }

        phone.syncContext().push().whenComplete((result, failure) -> {
            if (failure != null) {
                push.completeExceptionally(failure);
            } else {
                push.complete(result);
            }
        });
        PushResult first = await(push);
        writer.join();

        long snapshot = writtenWhenTheFirstOperationWasSent.get();
        assertTrue(first.completedOperations() <= snapshot, "the push sent " + first.completedOperations()
                + " operations, but at most " + snapshot + " were queued when it sent its first; the writer made "
                + written.get() + " writes in all (" + MAX_WRITES + " means it never saw the push return)");

        await(phone.syncContext().push());

        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(written.get(), ServerRows.countTodos(server), "every write reached the server");
    }
}

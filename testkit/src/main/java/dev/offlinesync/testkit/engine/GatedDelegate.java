package dev.offlinesync.testkit.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A delegate that holds the first pushed operation in flight until the test opens the gate, so a test can act
 * while an operation is being pushed.
 */
final class GatedDelegate implements SyncContextDelegate {

    private final CountDownLatch sending = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger pushesCompleted = new AtomicInteger();

    @Override
    public ObjectNode onOperation(TableOperation operation) {
        sending.countDown();
        try {
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while held", e);
        }
        return operation.execute();
    }

    @Override
    public void onPushComplete(PushResult result) {
        pushesCompleted.incrementAndGet();
    }

    /** Waits until an operation is held in flight. */
    void awaitInFlight() throws InterruptedException {
        if (!sending.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no operation was pushed within 20 s");
        }
    }

    void open() {
        gate.countDown();
    }
}

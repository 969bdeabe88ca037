package dev.offlinesync;

import dev.offlinesync.internal.engine.SyncEngine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The operation queue of a {@link SyncClient}: push, pending operations and the errors of rejected operations.
 *
 * <p>Every method may be called from any thread, the callback executor and listeners included. The reads block
 * while the store reads; {@link #push()} and {@link #addStatusListener} do not block.
 */
public final class SyncContext {

    private final SyncEngine engine;
    private final Async async;

    SyncContext(SyncEngine engine, Async async) {
        this.engine = engine;
        this.async = async;
    }

    /**
     * Pushes the queued operations in order. Completes with the {@link PushResult} when every operation was
     * pushed; completes exceptionally with {@link PushFailedException} (carrying the result) when the push was
     * aborted or the server rejected some operations. Only one push runs at a time: a call while one runs joins
     * it. Does not block: the push runs on the client's executor and the future completes on the callback
     * executor. The delegate and conflict handlers must not wait for it (they are part of the push they would wait
     * for).
     *
     * @return the push's result, when every operation was pushed
     */
    public CompletableFuture<PushResult> push() {
        return async.run(() -> {
            PushResult result = engine.push();
            if (!result.succeeded()) {
                throw SyncEngine.failure(result, "");
            }
            return result;
        });
    }

    /** {@return how many operations are queued; blocks while the store counts them} */
    public long pendingOperationCount() {
        return engine.pendingOperationCount();
    }

    /** {@return the queued operations, in push order; blocks while the store reads them} */
    public List<PendingOperation> pendingOperations() {
        return engine.pendingOperations();
    }

    /**
     * What sync is doing now and how it went. Reads the queue's counts from the store, blocking while it does.
     *
     * @return the current status
     */
    public SyncStatus status() {
        return engine.observers().status();
    }

    /**
     * Calls the listener with the current status, then again whenever it changes, on the callback executor,
     * until the subscription is closed. Changes that come while the listener runs or waits are merged: it gets the
     * latest status, not one call per change. Sync never waits for a listener. Does not block.
     *
     * @param listener called with each status
     * @return the subscription; close it to stop the calls
     */
    public Subscription addStatusListener(Consumer<? super SyncStatus> listener) {
        return engine.observers().addStatusListener(listener);
    }

    /**
     * The unresolved errors of rejected operations, persisted across restarts. Blocks while the store reads.
     *
     * @return the errors, in queue order
     */
    public List<OperationError> errors() {
        return engine.errors();
    }
}

package dev.offlinesync;

import dev.offlinesync.internal.engine.SyncEngine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The operation queue of a {@link SyncClient}: push, pending operations and the errors of rejected operations.
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
     * it.
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

    /** {@return how many operations are queued} */
    public long pendingOperationCount() {
        return engine.pendingOperationCount();
    }

    /** {@return the queued operations, in push order} */
    public List<PendingOperation> pendingOperations() {
        return engine.pendingOperations();
    }

    /**
     * What sync is doing now and how it went. Reads the queue's counts from the store.
     *
     * @return the current status
     */
    public SyncStatus status() {
        return engine.observers().status();
    }

    /**
     * Calls the listener with the current status, then again whenever it changes, on the callback executor,
     * until the subscription is closed. Changes that come while the listener runs or waits are merged: it gets the
     * latest status, not one call per change. Sync never waits for a listener.
     *
     * @param listener called with each status
     * @return the subscription; close it to stop the calls
     */
    public Subscription addStatusListener(Consumer<? super SyncStatus> listener) {
        return engine.observers().addStatusListener(listener);
    }

    /** {@return the unresolved errors of rejected operations, persisted across restarts} */
    public List<OperationError> errors() {
        return engine.errors();
    }
}

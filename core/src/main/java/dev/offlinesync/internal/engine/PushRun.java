package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationError.Reason;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncException;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.protocol.ListQuery;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One push: walks the operations that were queued when it started, in order. Not reused.
 *
 * <p>Outcomes: success removes the operation and applies the server's answer; a failure specific to one operation
 * (a 4xx other than 401/403/408/429, or a 5xx or an unusable answer while the server answers other requests)
 * <em>parks</em> it with an {@link OperationError} and the push goes on with other items; an outage (no
 * connection, timeouts, 401/403, 408/429 after retries, a redirect, a 5xx or unusable answer the server also gives
 * to a probe, a 5xx on two different items in a row) stops the push with the operation kept at the head and no
 * error recorded. A 5xx is only taken for a poison operation once the next item went through (or none was left).
 *
 * <p>Each operation costs one commit: its outcome is applied in the transaction that marks the next one in flight.
 * With a push parallelism above 1 the walk is done by a {@link PushWindow}, which uses the steps of this class.
 */
final class PushRun {

    private static final System.Logger LOG = System.getLogger(PushRun.class.getName());

    final EngineParts engine;
    private final Parking parking;
    final Set<String> skippedItems = new HashSet<>();
    /** Tables the server does not have: their other operations would fail the same way, so they wait. */
    private final Set<String> skippedTables = new HashSet<>();
    final List<OperationError> errors = new ArrayList<>();
    int completed;
    /** Set when the lease was found taken by another client: the push stops after what it has committed. */
    StoreException leaseLost;
    private long lastSequence;
    long upTo;
    /** The last operation the server failed on with a 5xx, not parked yet: an outage fails the next item too. */
    Suspect suspect;

    record Suspect(PushOperation operation, Outcome outcome) {
    }

    PushRun(EngineParts engine) {
        this.engine = engine;
        this.parking = new Parking(engine);
    }

    /**
     * Items with an operation being sent by a parallel push: their next operation waits, and so does every operation
     * after it (the walk stops there), so that no item has two operations in flight or sent out of order.
     */
    final Set<String> busyItems = new HashSet<>();
    /** Whether the last {@link #takeNext} stopped at an operation whose item is busy (rather than at the end). */
    boolean blocked;

    /** Runs the push; the caller holds the push lease. */
    PushResult run() {
        if (engine.pushParallelism > 1) {
            return new PushWindow(this, engine.pushParallelism).run();
        }
        AbortReason abortReason = null;
        SyncException abortCause = null;
        long total;
        PushOperation[] first = new PushOperation[1];
        try {
            total = engine.locked(ops -> {
                upTo = engine.queue.lastSequence(ops);
                first[0] = takeNext(ops);
                return engine.queue.count(ops, null);
            });
        } catch (StoreException e) {
            return new PushResult(0, List.of(), AbortReason.STORE, e);
        }
        engine.observers.pushStart((int) Math.min(total, Integer.MAX_VALUE));
        PushOperation operation = first[0];
        boolean takeNext = false;
        while (true) {
            if (takeNext) {
                try {
                    operation = engine.locked(this::takeNext);
                } catch (StoreException e) {
                    abortReason = AbortReason.STORE;
                    abortCause = e;
                    break;
                }
            }
            if (operation == null) {
                break;
            }
            engine.observers.sending(operation.table());
            Outcome outcome = Outcome.send(engine, operation);
            if ((outcome.reason() == Reason.SERVER_FAILURE || outcome.reason() == Reason.BAD_ANSWER)
                    && (suspect != null || !serverAnswersOthers(operation))) {
                // the server fails a probe too, or a 5xx on the item right before as well: an outage
                outcome = new Outcome(null, outcome.failure(), AbortReason.SERVER, null);
            }
            if (outcome.reason() == Reason.SERVER_FAILURE && !operation.cancelled()) {
                suspect = new Suspect(operation, outcome); // poison, unless the next item fails the same way
                skippedItems.add(key(operation.queued()));
                release(operation);
                takeNext = true;
                continue;
            }
            StoreException parkFailure = suspect != null && outcome.abortReason() == null ? parkSuspect() : null;
            if (parkFailure != null) {
                abortReason = AbortReason.STORE;
                abortCause = parkFailure;
                break;
            }
            // One commit per operation: its outcome is applied in the transaction that marks the next operation in
            // flight and records the body it will send, so that body is still committed before it goes out.
            Outcome decided = outcome;
            PushOperation done = operation;
            boolean goOn = outcome.abortReason() == null && !operation.cancelled();
            OperationError[] parked = new OperationError[1];
            try {
                operation = engine.locked(ops -> {
                    parked[0] = apply(ops, done, decided);
                    return goOn ? takeNext(ops) : null;
                });
                takeNext = false;
                report(done, decided, parked[0]);
            } catch (StoreException e) {
                release(done);
                abortReason = AbortReason.STORE;
                abortCause = e;
                break;
            }
            if (outcome.abortReason() != null) {
                abortReason = outcome.abortReason();
                abortCause = outcome.failure();
                break;
            }
            if (done.cancelled()) {
                abortReason = AbortReason.CANCELLED;
                abortCause = outcome.failure() != null ? outcome.failure()
                        : new SyncException("The push was cancelled by the delegate; the remaining operations stay queued");
                break;
            }
        }
        if (abortReason == null && leaseLost != null) {
            abortReason = AbortReason.STORE;
            abortCause = leaseLost;
        }
        StoreException parkFailure = suspect != null && abortReason == null ? parkSuspect() : null;
        if (parkFailure != null) {
            abortReason = AbortReason.STORE;
            abortCause = parkFailure;
        }
        PushResult result = new PushResult(completed, errors, abortReason, abortCause);
        LOG.log(System.Logger.Level.DEBUG, "push done: {0} completed, {1} errors, abort {2}", completed,
                errors.size(), abortReason);
        return result;
    }

    /**
     * Takes the next operation to send and marks it in flight, recording the body it will send first. Parked
     * operations whose pause has not run out are passed over (their errors are part of the result), and so are
     * later operations on the same item, which must not overtake them.
     */
    PushOperation takeNext(StoreOperations ops) {
        Instant now = Instant.now();
        if (!engine.lease.tryAcquire(ops, now)) {
            // not thrown: the outcome of the operation before, applied in this transaction, must still commit
            leaseLost = new StoreException("Another client took over the push lease of this store: this push stops;"
                    + " push again", null);
            return null;
        }
        blocked = false;
        while (true) {
            Optional<QueuedOperation> next = engine.queue.next(ops, lastSequence, upTo);
            if (next.isEmpty()) {
                return null;
            }
            QueuedOperation op = next.get();
            blocked = busyItems.contains(key(op));
            if (blocked) {
                return null; // taken again once the item's operation in flight is done
            }
            lastSequence = op.sequence();
            if (skippedItems.contains(key(op)) || skippedTables.contains(op.table())) {
                continue;
            }
            if (op.retryAt() != null && op.retryAt().isAfter(now)) {
                skippedItems.add(key(op));
                engine.errors.get(ops, op.id()).ifPresent(e -> errors.add(new StoredOperationError(engine, e)));
                continue;
            }
            ObjectNode item;
            if (op.kind() == OperationKind.DELETE) {
                item = RowMapper.toJson(op.item() == null ? Map.of("id", op.itemId()) : op.item());
            } else {
                Optional<Map<String, Object>> row = ops.lookup(op.table(), op.itemId());
                if (row.isEmpty()) {
                    // deleted locally while this operation was being pushed: the delete queued after it says the rest
                    LOG.log(System.Logger.Level.DEBUG, "dropping a queued {0} of {1} whose local row is gone",
                            op.kind(), op.table());
                    engine.queue.remove(ops, op.id());
                    engine.errors.remove(ops, op.id());
                    continue;
                }
                item = RowMapper.toJson(row.get());
            }
            QueuedOperation inFlight = op.withOwner(engine.lease.owner())
                    .withSent(PushOperation.firstBody(item, engine.client));
            engine.queue.save(ops, inFlight);
            return new PushOperation(inFlight, item, engine.client, body -> recordSent(inFlight.id(), body));
        }
    }

    private void recordSent(String operationId, String body) {
        engine.locked(ops -> {
            engine.queue.get(ops, operationId).ifPresent(op -> engine.queue.save(ops, op.withSent(body)));
            return null;
        });
    }

    /** Applies an operation's outcome; returns the error it was parked with, or null. */
    OperationError apply(StoreOperations ops, PushOperation operation, Outcome outcome) {
        QueuedOperation op = operation.queued();
        Optional<QueuedOperation> current = engine.queue.get(ops, op.id());
        if (current.isEmpty()) {
            return null; // resolved or purged elsewhere while in flight: nothing left to apply
        }
        if (outcome.failure() == null) {
            engine.queue.remove(ops, op.id());
            engine.errors.remove(ops, op.id());
            parking.applyServerItem(ops, op, outcome.serverRow());
            completed++;
        } else if (outcome.abortReason() != null) {
            engine.queue.save(ops, current.get().withOwner(null));
        } else {
            skippedItems.add(key(op));
            if (outcome.reason() == Reason.NO_SUCH_TABLE) {
                skippedTables.add(op.table());
            }
            OperationError error = parking.park(ops, current.get(), operation.sentItem(), outcome.reason(),
                    outcome.failure(), !operation.cancelled());
            errors.add(error);
            return error;
        }
        return null;
    }

    /** Tells the observers what became of an operation, once that is committed. */
    void report(PushOperation operation, Outcome outcome, OperationError error) {
        if (outcome.failure() == null) {
            engine.observers.operationPushed(operation.table(), operation.itemId(), operation.kind());
        } else if (error != null) {
            if (outcome.reason() == Reason.CONFLICT) {
                engine.observers.operationConflicted(error);
            } else {
                engine.observers.operationParked(error);
            }
        }
    }

    /**
     * The suspect was a poison operation after all (the next item went through): parks it with its error, or
     * returns the store's failure.
     */
    StoreException parkSuspect() {
        Suspect parked = suspect;
        suspect = null;
        OperationError error;
        try {
            error = engine.locked(ops -> apply(ops, parked.operation, parked.outcome));
        } catch (StoreException e) {
            return e; // stops the push; the operation stays unparked, at the head
        }
        report(parked.operation, parked.outcome, error);
        return null;
    }

    /**
     * After a 5xx that persisted through the retries: a probe tells a poison operation (the server answers other
     * requests) from an outage (it fails those too).
     */
    boolean serverAnswersOthers(PushOperation operation) {
        try {
            engine.client.list(operation.table(), ListQuery.probe(), engine.table(operation.table())::typeOf);
            return true;
        } catch (SyncException e) {
            LOG.log(System.Logger.Level.DEBUG, "the server fails a probe too: an outage", e);
            return false;
        }
    }

    void release(PushOperation operation) {
        try {
            engine.locked(ops -> {
                engine.queue.get(ops, operation.queued().id())
                        .ifPresent(op -> engine.queue.save(ops, op.withOwner(null)));
                return null;
            });
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release an in-flight operation; its mark ends with"
                    + " the push lease", e);
        }
    }

    static String key(QueuedOperation op) {
        return op.table() + "\u0000" + op.itemId();
    }
}

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
import dev.offlinesync.internal.engine.PushStep.Sent;
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
 * What a transaction did (counts, errors, the walk's position) becomes part of the push only once it committed.
 * The walk is done by a {@link PushAhead} (one request at a time, the next operation taken ahead) or, with a push
 * parallelism above 1, by a {@link PushWindow}; both use the steps of this class.
 */
final class PushRun {

    private static final System.Logger LOG = System.getLogger(PushRun.class.getName());

    final EngineParts engine;
    private final Parking parking;
    private final Set<String> skippedItems = new HashSet<>();
    /** Tables the server does not have: their other operations would fail the same way, so they wait. */
    private final Set<String> skippedTables = new HashSet<>();
    private final List<OperationError> errors = new ArrayList<>();
    /**
     * The operations with a stored error: those that had one when the push started (read once, under the push
     * lease), and those this push parked. Only a push records errors, and the lease lets one push run at a time, so
     * an operation not in here has none, and pushing it costs no delete of its error.
     */
    private final Set<String> withErrors = new HashSet<>();
    private int completed;
    private long lastSequence;
    private long upTo;
    /** The last operation the server failed on with a 5xx, not parked yet: an outage fails the next item too. */
    private Sent suspect;
    /**
     * Items with an operation being sent by a parallel push: their next operation waits, and so does every operation
     * after it (the walk stops there), so that no item has two operations in flight or sent out of order.
     */
    private final Set<String> busyItems = new HashSet<>();
    /** Whether the last transaction's walk stopped at an operation whose item is busy (rather than at the end). */
    boolean blocked;
    private AbortReason abortReason;
    private SyncException abortCause;
    /** The last committed renewal of the push lease, and the lease's release count then. */
    private Instant leaseRenewed;
    private long leaseReleases;

    PushRun(EngineParts engine) {
        this.engine = engine;
        this.parking = new Parking(engine);
    }

    /** Runs the push; the caller holds the push lease. */
    PushResult run() {
        return engine.pushParallelism > 1 ? new PushWindow(this, engine.pushParallelism).run()
                : new PushAhead(this).run();
    }

    /** The first transaction: where the walk ends, how many operations are queued, and up to {@code room} taken. */
    PushStep start(int room) {
        PushStep first = transaction(List.of(), room, true);
        engine.observers.pushStart((int) Math.min(first.total, Integer.MAX_VALUE));
        return first;
    }

    /**
     * Applies outcomes and takes up to {@code room} operations in one transaction; once it committed, adds what it
     * did to this push and reports the outcomes. A store failure stops the push (the operations whose outcomes did
     * not commit leave the flight) and gives null.
     */
    PushStep step(List<Sent> toApply, int room) {
        return reported(stepUnreported(toApply, room));
    }

    /**
     * As {@link #step}, but the observers hear of the outcomes only from {@link #reported}: a step run on another
     * thread than the push's is reported by the push's thread, so that its events come from one thread.
     */
    PushStep stepUnreported(List<Sent> toApply, int room) {
        try {
            return transaction(toApply, room, false);
        } catch (StoreException e) {
            toApply.forEach(sent -> release(sent.operation()));
            stop(AbortReason.STORE, e);
            return null;
        }
    }

    /** Tells the observers what became of the operations a committed step applied; gives the step. */
    PushStep reported(PushStep step) {
        if (step != null) {
            for (int i = 0; i < step.applied.size(); i++) {
                if (!step.applied.get(i).release()) {
                    report(step.applied.get(i), step.parked.get(i));
                }
            }
        }
        return step;
    }

    private PushStep transaction(List<Sent> toApply, int room, boolean first) {
        PushStep step = engine.locked(ops -> {
            PushStep work = new PushStep(lastSequence, upTo);
            if (first) {
                work.upTo = engine.queue.lastSequence(ops);
                work.total = engine.queue.count(ops, null);
                work.withErrors.addAll(engine.errors.operationIds(ops));
            }
            work.readItemsOf(engine.queue, ops, toApply);
            for (Sent sent : toApply) {
                work.parked.add(!sent.release() ? apply(ops, sent, work)
                        : sent.outcome() == null ? releaseUnsentIn(ops, sent.operation())
                        : releaseIn(ops, sent.operation()));
            }
            engine.queue.removeAll(ops, work.completedIds);
            while (work.taken.size() < room) {
                PushOperation next = takeNext(ops, work, room - work.taken.size());
                if (next == null) {
                    break;
                }
                work.taken.add(next);
            }
            engine.queue.saveAll(ops, work.marked);
            return work;
        });
        // committed: only now is it part of the push
        lastSequence = step.lastSequence;
        upTo = step.upTo;
        skippedItems.addAll(step.skippedItems);
        skippedTables.addAll(step.skippedTables);
        errors.addAll(step.errors);
        withErrors.addAll(step.withErrors);
        completed += step.completed;
        blocked = step.blocked;
        if (step.leaseRenewed != null) {
            leaseRenewed = step.leaseRenewed;
            leaseReleases = step.leaseReleases;
        }
        step.taken.forEach(operation -> busyItems.add(key(operation.queued())));
        step.applied = toApply;
        if (step.leaseLost != null) {
            stop(AbortReason.STORE, step.leaseLost);
        }
        return step;
    }

    /**
     * Decides what an answered operation's outcome means, in answer order: a 5xx (or an unusable answer) that a
     * probe of the server fails too, or that follows another item's 5xx, is an outage; a first 5xx makes the
     * operation a suspect, parked once another item went through; an abort or a cancel stops the push. Returns what
     * to apply, in order.
     */
    List<Sent> decide(PushOperation operation, Outcome answered) {
        busyItems.remove(key(operation.queued()));
        Outcome outcome = answered;
        if ((outcome.reason() == Reason.SERVER_FAILURE || outcome.reason() == Reason.BAD_ANSWER)
                && (suspect != null || !Outcome.serverAnswersOthers(engine, operation))) {
            // the server fails a probe too, or a 5xx on the item right before as well: an outage
            outcome = new Outcome(null, outcome.failure(), AbortReason.SERVER, null);
        }
        if (outcome.reason() == Reason.SERVER_FAILURE && !operation.cancelled()) {
            suspect = new Sent(operation, outcome, false); // poison, unless the next item fails the same way
            skippedItems.add(key(operation.queued()));
            return List.of(new Sent(operation, outcome, true));
        }
        List<Sent> decided = new ArrayList<>(2);
        if (suspect != null && outcome.abortReason() == null) {
            decided.add(suspect);
            suspect = null;
        }
        decided.add(new Sent(operation, outcome, false));
        if (outcome.abortReason() != null) {
            stop(outcome.abortReason(), outcome.failure());
        } else if (operation.cancelled()) {
            stop(AbortReason.CANCELLED, outcome.failure() != null ? outcome.failure()
                    : new SyncException("The push was cancelled by the delegate; the remaining operations stay queued"));
        }
        return decided;
    }

    /** The first reason to stop wins; later ones are outcomes of operations that were already in flight. */
    void stop(AbortReason reason, SyncException cause) {
        if (abortReason == null) {
            abortReason = reason;
            abortCause = cause;
        }
    }

    boolean stopped() {
        return abortReason != null;
    }

    /** Parks a suspect left at the end (no item after it failed the same way), then gives the push's result. */
    PushResult finish() {
        if (abortReason == null && suspect != null) {
            Sent parked = suspect;
            suspect = null;
            step(List.of(parked), 0); // a store failure leaves it unparked, at the head
        }
        LOG.log(System.Logger.Level.DEBUG, "push done: {0} completed, {1} errors, abort {2}", completed,
                errors.size(), abortReason);
        return new PushResult(completed, errors, abortReason, abortCause);
    }

    /**
     * Takes the next operation to send and marks it in flight, recording the body it will send first. Parked
     * operations whose pause has not run out are passed over (their errors are part of the result), and so are
     * later operations on the same item, which must not overtake them.
     */
    private PushOperation takeNext(StoreOperations ops, PushStep step, int wanted) {
        Instant now = Instant.now();
        Instant renewed = step.leaseRenewed != null ? step.leaseRenewed : leaseRenewed;
        long releases = step.leaseRenewed != null ? step.leaseReleases : leaseReleases;
        // A recent renewal is trusted (nobody takes a live holder's unexpired lease): reading and writing the lease
        // for every operation would add a read and a write to each operation's transaction.
        if (renewed == null || !engine.lease.stillHeld(renewed, releases, now)) {
            long releasesNow = engine.lease.releases();
            if (!engine.lease.tryAcquire(ops, now)) {
                // not thrown: the outcomes applied in this transaction must still commit
                step.leaseLost = new StoreException("Another client took over the push lease of this store: this"
                        + " push stops; push again", null);
                return null;
            }
            step.leaseRenewed = now;
            step.leaseReleases = releasesNow;
        }
        step.blocked = false;
        while (true) {
            QueuedOperation op = step.nextQueued(engine.queue, ops, wanted);
            if (op == null) {
                return null;
            }
            String key = key(op);
            step.blocked = busyItems.contains(key) || step.taken.stream().anyMatch(t -> key.equals(key(t.queued())));
            if (step.blocked) {
                return null; // taken again once the item's operation in flight is done
            }
            step.lastSequence = op.sequence();
            if (skippedItems.contains(key) || step.skippedItems.contains(key)
                    || skippedTables.contains(op.table()) || step.skippedTables.contains(op.table())
                    || !engine.opened(op.table())) { // another client's table: its rows cannot be read here
                continue;
            }
            if (op.retryAt() != null && op.retryAt().isAfter(now)) {
                step.skippedItems.add(key);
                engine.errors.get(ops, op.id()).ifPresent(e -> step.errors.add(new StoredOperationError(engine, e)));
                continue;
            }
            ObjectNode item;
            if (op.kind() == OperationKind.DELETE) {
                item = RowMapper.toJson(op.item() == null ? Map.of("id", op.itemId()) : op.item());
            } else {
                Optional<Map<String, Object>> row = ops.lookup(op.table(), op.itemId());
                if (row.isEmpty()) {
                    // deleted locally while this operation was being pushed: the delete queued after it says the rest,
                    // and learns what this one may have written on the server
                    LOG.log(System.Logger.Level.DEBUG, "dropping a queued {0} of {1} whose local row is gone",
                            op.kind(), op.table());
                    engine.queue.removeHandingOverSent(ops, op);
                    step.forgetReadAhead(); // it may have written the item's next operation
                    removeError(ops, step, op.id());
                    continue;
                }
                item = RowMapper.toJson(row.get());
            }
            ObjectNode body = engine.client.body(item);
            QueuedOperation inFlight = op.withOwner(engine.lease.owner()).withSent(body.toString());
            step.marked.add(inFlight);
            return new PushOperation(inFlight, item, body, op.sent(), engine.client,
                    b -> recordSent(inFlight.id(), b));
        }
    }

    private void recordSent(String operationId, String body) {
        engine.locked(ops -> {
            engine.queue.get(ops, operationId).ifPresent(op -> engine.queue.save(ops, op.withSent(body)));
            return null;
        });
    }

    /** Applies an operation's outcome; returns the error it was parked with, or null. */
    private OperationError apply(StoreOperations ops, Sent sent, PushStep step) {
        PushOperation operation = sent.operation();
        Outcome outcome = sent.outcome();
        QueuedOperation op = operation.queued();
        // one read for the operation as it is now and the item's operations queued after it
        QueuedOperation current = null;
        List<QueuedOperation> newer = new ArrayList<>(0);
        for (QueuedOperation queued : step.onItem(engine.queue, ops, op)) {
            if (queued.id().equals(op.id())) {
                current = queued;
            } else {
                newer.add(queued);
            }
        }
        if (current == null) {
            return null; // resolved or purged elsewhere while in flight: nothing left to apply
        }
        if (outcome.failure() == null) {
            step.completedIds.add(op.id());
            removeError(ops, step, op.id());
            parking.applyServerItem(ops, op, outcome.serverRow(), newer);
            step.completed++;
        } else if (outcome.abortReason() != null) {
            engine.queue.save(ops, current.withOwner(null));
        } else {
            step.skippedItems.add(key(op));
            if (outcome.reason() == Reason.NO_SUCH_TABLE) {
                step.skippedTables.add(op.table());
            }
            OperationError error = parking.park(ops, current, operation.sentItem(), outcome.reason(),
                    outcome.failure(), !operation.cancelled());
            step.errors.add(error);
            step.withErrors.add(op.id());
            return error;
        }
        return null;
    }

    /** Removes an operation's stored error, when it may have one. */
    private void removeError(StoreOperations ops, PushStep step, String operationId) {
        if (withErrors.contains(operationId) || step.withErrors.contains(operationId)) {
            engine.errors.remove(ops, operationId);
        }
    }

    /** The operation leaves the flight without an outcome (a suspect); returns no error. */
    private OperationError releaseIn(StoreOperations ops, PushOperation operation) {
        engine.queue.get(ops, operation.queued().id()).ifPresent(op -> engine.queue.save(ops, op.withOwner(null)));
        return null;
    }

    /** A taken operation leaves the flight unsent: the body recorded when it was taken never went out either. */
    private OperationError releaseUnsentIn(StoreOperations ops, PushOperation operation) {
        QueuedOperation taken = operation.queued();
        engine.queue.get(ops, taken.id()).ifPresent(op -> engine.queue.save(ops, !op.equals(taken)
                ? op.withOwner(null)
                : new QueuedOperation(op.id(), op.sequence(), op.kind(), op.table(), op.itemId(), null, op.item(),
                        operation.sentBeforeTake, op.failures(), op.retryAt(), op.recreate())));
        return null;
    }

    /** Tells the observers what became of an operation, once that is committed. */
    private void report(Sent sent, OperationError error) {
        PushOperation operation = sent.operation();
        if (sent.outcome().failure() == null) {
            engine.observers.operationPushed(operation.table(), operation.itemId(), operation.kind());
        } else if (error != null) {
            if (sent.outcome().reason() == Reason.CONFLICT) {
                engine.observers.operationConflicted(error);
            } else {
                engine.observers.operationParked(error);
            }
        }
    }

    /** Takes an operation out of the flight after a store failure (in a transaction of its own). */
    private void release(PushOperation operation) {
        try {
            engine.locked(ops -> releaseIn(ops, operation));
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release an in-flight operation; its mark ends when"
                    + " this client closes or its next push takes the operation", e);
        }
    }

    static String key(QueuedOperation op) {
        return key(op.table(), op.itemId());
    }

    static String key(String table, String itemId) {
        return table + "\u0000" + itemId;
    }
}

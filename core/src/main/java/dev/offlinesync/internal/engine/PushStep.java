package dev.offlinesync.internal.engine;

import dev.offlinesync.OperationError;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.internal.systemtables.OperationQueue;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one push transaction did: the outcomes it applied, the operations it marked in flight, and how the walk of
 * the queue moved. Made afresh by each run of the transaction's work and only added to the {@link PushRun} once
 * the transaction committed, so that a failed commit, or a store that runs the work again, leaves the push's
 * counts and position as they were.
 */
final class PushStep {

    /**
     * An operation with what became of it. {@code release}: not decided yet (a suspect), only leave the flight; with
     * no outcome, it was taken but never sent.
     */
    record Sent(PushOperation operation, Outcome outcome, boolean release) {

        /** An operation taken ahead that will not be sent (the push stopped before its turn). */
        static Sent unsent(PushOperation operation) {
            return new Sent(operation, null, true);
        }
    }

    /** Where the walk of the queue stands: the last sequence number passed, and the highest one this push sends. */
    long lastSequence;
    long upTo;
    /** Every queued operation when the push started (read by the first transaction only). */
    long total;
    /** Items and tables whose later operations wait, found in this transaction. */
    final Set<String> skippedItems = new HashSet<>();
    final Set<String> skippedTables = new HashSet<>();
    /** Errors of operations parked, or passed over while paused, in this transaction. */
    final List<OperationError> errors = new ArrayList<>();
    /** Operations found with a stored error in this transaction (all of them in the first one), or parked in it. */
    final Set<String> withErrors = new HashSet<>();
    /** What the transaction applied, in order (set once it committed). */
    List<Sent> applied = List.of();
    /** For each applied {@link Sent}, in order: the error it was parked with, or null. */
    final List<OperationError> parked = new ArrayList<>();
    int completed;
    /**
     * The operations this transaction completed, deleted in one write once all its answers are applied (applying one
     * answer reads and writes only its own item's operations), and the operations it marked in flight with their
     * bodies, written in one write once taken (the walk passes an item whose operation it took). Both commit with
     * the transaction, before anything it took is sent.
     */
    final List<String> completedIds = new ArrayList<>();
    final List<QueuedOperation> marked = new ArrayList<>();
    /** The operations marked in flight, their bodies recorded, in queue order. */
    final List<PushOperation> taken = new ArrayList<>();
    /** Whether the walk stopped at an operation whose item is busy (rather than at the end). */
    boolean blocked;
    /** Set when the lease was found taken by another client. */
    StoreException leaseLost;
    /** When this transaction renewed the push lease (null: it trusted an earlier renewal), and the releases then. */
    Instant leaseRenewed;
    long leaseReleases;

    /**
     * Operations after {@code lastSequence} read by this transaction and not walked yet, and whether that read
     * reached {@code upTo}. Only this transaction's own writes could change them, and it forgets them when it writes
     * an operation it has not walked yet (a dropped operation hands its bodies to the item's next one).
     */
    private final Deque<QueuedOperation> readAhead = new ArrayDeque<>();
    private boolean readToEnd;
    /** The queued operations of the items whose answers this transaction applies, read at once; used up per item. */
    private final Map<String, List<QueuedOperation>> onItems = new HashMap<>();

    PushStep(long lastSequence, long upTo) {
        this.lastSequence = lastSequence;
        this.upTo = upTo;
    }

    /**
     * The next operation of the walk, or null at {@code upTo}; reads up to {@code wanted} operations at once (the
     * ones this transaction may still take), so that taking several costs one read.
     */
    QueuedOperation nextQueued(OperationQueue queue, StoreOperations ops, int wanted) {
        if (readAhead.isEmpty()) {
            if (readToEnd) {
                return null;
            }
            int limit = Math.max(1, wanted);
            List<QueuedOperation> read = queue.next(ops, lastSequence, upTo, limit);
            readAhead.addAll(read);
            readToEnd = read.size() < limit;
        }
        return readAhead.poll();
    }

    /** Drops what was read ahead: this transaction changed an operation after {@code lastSequence}. */
    void forgetReadAhead() {
        readAhead.clear();
        readToEnd = false;
    }

    /**
     * Reads the queued operations of the items whose answers are about to be applied, one read per table, when
     * there are several. Applying one answer writes only its own item's operations, and each item is read for one
     * answer: an item also released in this transaction (a suspect, released and then applied) is read when applied.
     */
    void readItemsOf(OperationQueue queue, StoreOperations ops, List<Sent> toApply) {
        Set<String> released = new HashSet<>();
        toApply.stream().filter(Sent::release).forEach(sent -> released.add(PushRun.key(sent.operation().queued())));
        Map<String, Set<String>> byTable = new LinkedHashMap<>();
        int answers = 0;
        for (Sent sent : toApply) {
            QueuedOperation op = sent.operation().queued();
            if (!sent.release() && !released.contains(PushRun.key(op))) {
                answers += byTable.computeIfAbsent(op.table(), t -> new HashSet<>()).add(op.itemId()) ? 1 : 0;
            }
        }
        if (answers < 2) {
            return;
        }
        byTable.forEach((table, ids) -> queue.forItems(ops, table, ids)
                .forEach((id, queued) -> onItems.put(PushRun.key(table, id), queued)));
    }

    /** The item's queued operations, oldest first: as read by {@link #readItemsOf} (once), else read now. */
    List<QueuedOperation> onItem(OperationQueue queue, StoreOperations ops, QueuedOperation op) {
        List<QueuedOperation> read = onItems.remove(PushRun.key(op.table(), op.itemId()));
        return read != null ? read : queue.forItem(ops, op.table(), op.itemId());
    }
}

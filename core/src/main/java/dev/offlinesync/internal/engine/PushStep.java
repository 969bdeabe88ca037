package dev.offlinesync.internal.engine;

import dev.offlinesync.OperationError;
import dev.offlinesync.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    /** The operations marked in flight, their bodies recorded, in queue order. */
    final List<PushOperation> taken = new ArrayList<>();
    /** Whether the walk stopped at an operation whose item is busy (rather than at the end). */
    boolean blocked;
    /** Set when the lease was found taken by another client. */
    StoreException leaseLost;
    /** When this transaction renewed the push lease (null: it trusted an earlier renewal), and the releases then. */
    Instant leaseRenewed;
    long leaseReleases;

    PushStep(long lastSequence, long upTo) {
        this.lastSequence = lastSequence;
        this.upTo = upTo;
    }
}

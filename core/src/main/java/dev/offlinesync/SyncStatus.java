package dev.offlinesync;

import java.time.Instant;
import java.util.Set;

/**
 * What sync is doing and how it went: a snapshot, from {@link SyncContext#status()} or a status listener.
 *
 * @param pushing           whether a push of this client is running
 * @param pushingTable      the table of the operation being sent, or {@code null}
 * @param pullingTables     the tables being pulled right now (empty when no pull runs)
 * @param pendingOperations queued operations, parked ones included
 * @param parkedOperations  operations the server rejected, waiting with an {@link OperationError}
 * @param lastPushAt        when the last push that was not aborted ended (every operation reached the server and
 *                          was accepted or parked), or {@code null}
 * @param lastPullAt        when the last pull that completed ended, or {@code null}
 * @param lastFailure       the last push or pull that failed, or {@code null} (cleared by neither: compare its time
 *                          with {@code lastPushAt} and {@code lastPullAt})
 * @param reachability      whether the server answered at the last attempt
 * @param pushProgress      progress of the running push, or {@code null}
 * @param pullProgress      progress of the running pull that last applied a page, or {@code null}
 */
public record SyncStatus(boolean pushing, String pushingTable, Set<String> pullingTables, long pendingOperations,
                         long parkedOperations, Instant lastPushAt, Instant lastPullAt, Failure lastFailure,
                         Reachability reachability, PushProgress pushProgress, PullProgress pullProgress) {

    /**
     * Copies the set of tables being pulled.
     *
     * @param pushing           whether a push of this client is running
     * @param pushingTable      the table of the operation being sent, or {@code null}
     * @param pullingTables     the tables being pulled right now
     * @param pendingOperations queued operations, parked ones included
     * @param parkedOperations  operations the server rejected
     * @param lastPushAt        when the last push that was not aborted ended, or {@code null}
     * @param lastPullAt        when the last pull that completed ended, or {@code null}
     * @param lastFailure       the last push or pull that failed, or {@code null}
     * @param reachability      whether the server answered at the last attempt
     * @param pushProgress      progress of the running push, or {@code null}
     * @param pullProgress      progress of the running pull that last applied a page, or {@code null}
     */
    public SyncStatus {
        pullingTables = Set.copyOf(pullingTables);
    }

    /** {@return whether a pull of this client is running} */
    public boolean pulling() {
        return !pullingTables.isEmpty();
    }

    /** {@return whether a push or pull is running} */
    public boolean busy() {
        return pushing || pulling();
    }

    /** Whether the server answered the last request sent to it. */
    public enum Reachability {
        /** Nothing was sent yet. */
        UNKNOWN,
        /** The server answered (whatever the answer). */
        REACHABLE,
        /** No connection, or no answer in time. */
        UNREACHABLE
    }

    /** Why a push or pull failed. */
    public enum FailureKind {
        /** The server could not be reached, or the connection failed or timed out. */
        NETWORK,
        /** The server answered 401 or 403. */
        AUTHENTICATION,
        /** The server failed, throttled or redirected. */
        SERVER,
        /** The server's answer was unusable. */
        PROTOCOL,
        /** The server rejected operations: they are parked with errors. */
        REJECTED,
        /** The delegate cancelled the push. */
        CANCELLED,
        /** The local store failed. */
        STORE,
        /** Anything else (a bad query, an interrupted thread). */
        OTHER
    }

    /**
     * A failed push or pull.
     *
     * @param kind    what kind of failure
     * @param table   the pulled table, or {@code null} for a push
     * @param message the exception's message
     * @param at      when it failed
     */
    public record Failure(FailureKind kind, String table, String message, Instant at) {
    }

    /**
     * How far a push is.
     *
     * @param done  operations sent so far (accepted or parked)
     * @param total operations queued when the push started
     */
    public record PushProgress(int done, int total) {
    }
}

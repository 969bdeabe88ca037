package dev.offlinesync;

import java.util.List;

/**
 * What a push did: how many operations it completed, which were rejected by the server (they stay queued with
 * their errors until resolved), and whether and why it stopped early.
 *
 * @param completedOperations operations sent and removed from the queue
 * @param errors              operations the server rejected in this push; they stay queued
 * @param abortReason         why the push stopped before the end of the queue, or {@code null}
 * @param abortCause          the failure behind {@code abortReason}, or {@code null}
 */
public record PushResult(int completedOperations, List<OperationError> errors, AbortReason abortReason,
                         SyncException abortCause) {

    /** Why a push stopped early. The operation being pushed stays at the head of the queue. */
    public enum AbortReason {
        /** The delegate called {@link TableOperation#cancelPush()}. */
        CANCELLED,
        /** The server could not be reached, or the connection failed or timed out. */
        NETWORK,
        /** The server answered 401 or 403: the credentials are missing, expired or not enough. */
        AUTHENTICATION,
        /** The server failed (5xx after retries) or answered something the protocol does not allow. */
        SERVER,
        /** The local store failed. */
        STORE
    }

    public PushResult {
        errors = List.copyOf(errors);
    }

    /** True when the push stopped before the end of the queue. */
    public boolean aborted() {
        return abortReason != null;
    }

    /** True when every operation was pushed: not aborted and no errors. */
    public boolean succeeded() {
        return abortReason == null && errors.isEmpty();
    }
}

package dev.offlinesync;

import java.util.List;

/**
 * What a push did: how many operations it completed, which are parked with an error (they stay queued until
 * resolved, tried again after a pause), and whether and why it stopped early.
 *
 * @param completedOperations operations sent and removed from the queue
 * @param errors              the errors of the operations this push left parked: rejected in this push, or passed
 *                            over because their pause after an earlier rejection has not run out
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
        /**
         * The server is failing (5xx or unusable answers, to a probe request too), throttling (429, 408 after
         * retries) or redirecting elsewhere.
         */
        SERVER,
        /** The local store failed. */
        STORE
    }

    /**
     * Copies the errors.
     *
     * @param completedOperations operations sent and removed from the queue
     * @param errors              the errors of the operations this push left parked
     * @param abortReason         why the push stopped before the end of the queue, or {@code null}
     * @param abortCause          the failure behind {@code abortReason}, or {@code null}
     */
    public PushResult {
        errors = List.copyOf(errors);
    }

    /** {@return true when the push stopped before the end of the queue} */
    public boolean aborted() {
        return abortReason != null;
    }

    /** {@return true when every operation was pushed: not aborted and no errors} */
    public boolean succeeded() {
        return abortReason == null && errors.isEmpty();
    }
}

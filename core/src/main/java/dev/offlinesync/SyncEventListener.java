package dev.offlinesync;

import java.time.Duration;

/**
 * Hooks into what sync does, for metrics and tracing; every method does nothing by default, so an implementation
 * overrides only what it needs. Set on {@link SyncClient.Builder#eventListener}.
 *
 * <p>Methods are called synchronously on the thread doing the work (the client's executor, for push and pull;
 * local writes have no events, see {@link SyncTable#addChangeListener} for those), so they must be quick and must
 * not block; an exception they throw is logged at WARNING and sync goes on. Item contents are never passed, only
 * tables, ids and errors.
 */
public interface SyncEventListener {

    /**
     * An HTTP request is about to be sent.
     *
     * @param method  the HTTP method
     * @param table   the table the request is about
     * @param attempt 1 for the first try, 2 for the first retry, and so on
     */
    default void requestStart(String method, String table, int attempt) {
    }

    /**
     * An HTTP request ended: its response headers arrived, or it failed without an answer.
     *
     * @param status    the response status, or {@code 0} when there was no answer
     * @param bytesSent the request body's size
     * @param bytesReceived the response's Content-Length, or {@code -1} when not known
     * @param duration  from sending to the response headers (or the failure)
     */
    default void requestEnd(String method, String table, int attempt, int status, long bytesSent, long bytesReceived,
                            Duration duration) {
    }

    /** A request will be sent again after {@code delay}, because of {@code reason} (a status or a failure). */
    default void retryScheduled(String method, String table, int attempt, Duration delay, String reason) {
    }

    /** A push starts with this many operations queued. */
    default void pushStart(int operations) {
    }

    /** An operation was accepted by the server and left the queue. */
    default void operationPushed(String table, String itemId, OperationKind kind) {
    }

    /** An operation was rejected and parked with this error (a conflict is reported as conflicted instead). */
    default void operationParked(OperationError error) {
    }

    /** An operation got a conflict (412 or 409) and was parked with this error. */
    default void operationConflicted(OperationError error) {
    }

    /** A push ended (its result says whether it was aborted) after {@code duration}. */
    default void pushEnd(PushResult result, Duration duration) {
    }

    /** A pull of the table starts; {@code queryId} is null for a full pull. */
    default void pullStart(String table, String queryId) {
    }

    /** A pulled page was committed. */
    default void pageApplied(PullProgress progress) {
    }

    /** A pull ended: with its result, or with the failure that stopped it ({@code result} is then null). */
    default void pullEnd(String table, PullResult result, SyncException failure, Duration duration) {
    }
}

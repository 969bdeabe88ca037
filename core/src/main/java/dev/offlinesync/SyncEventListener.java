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
     * @param method        the HTTP method
     * @param table         the table the request is about
     * @param attempt       1 for the first try, 2 for the first retry, and so on
     * @param status        the response status, or {@code 0} when there was no answer
     * @param bytesSent     the request body's size
     * @param bytesReceived the response's Content-Length, or {@code -1} when not known
     * @param duration      from sending to the response headers (or the failure)
     */
    default void requestEnd(String method, String table, int attempt, int status, long bytesSent, long bytesReceived,
                            Duration duration) {
    }

    /**
     * A request will be sent again after {@code delay}, because of {@code reason}.
     *
     * @param method  the HTTP method
     * @param table   the table the request is about
     * @param attempt the attempt that failed
     * @param delay   how long the retry waits
     * @param reason  a status or a failure, for logs
     */
    default void retryScheduled(String method, String table, int attempt, Duration delay, String reason) {
    }

    /**
     * A push starts.
     *
     * @param operations how many operations are queued
     */
    default void pushStart(int operations) {
    }

    /**
     * An operation was accepted by the server and left the queue.
     *
     * @param table  the operation's table
     * @param itemId the item's id
     * @param kind   insert, update or delete
     */
    default void operationPushed(String table, String itemId, OperationKind kind) {
    }

    /**
     * An operation was rejected and parked (a conflict is reported as conflicted instead).
     *
     * @param error the parked operation's error
     */
    default void operationParked(OperationError error) {
    }

    /**
     * An operation got a conflict (412 or 409) and was parked.
     *
     * @param error the parked operation's error, with the server's item
     */
    default void operationConflicted(OperationError error) {
    }

    /**
     * A push ended.
     *
     * @param result   what was pushed; it says whether the push was aborted
     * @param duration how long the push took
     */
    default void pushEnd(PushResult result, Duration duration) {
    }

    /**
     * A pull of the table starts.
     *
     * @param table   the pulled table
     * @param queryId the incremental pull's query id, or {@code null} for a full pull
     */
    default void pullStart(String table, String queryId) {
    }

    /**
     * A pulled page was committed.
     *
     * @param progress the pull's progress so far
     */
    default void pageApplied(PullProgress progress) {
    }

    /**
     * A pull ended: with its result, or with the failure that stopped it.
     *
     * @param table    the pulled table
     * @param result   the result, or {@code null} when the pull failed
     * @param failure  the failure, or {@code null} when the pull completed
     * @param duration how long the pull took
     */
    default void pullEnd(String table, PullResult result, SyncException failure, Duration duration) {
    }
}

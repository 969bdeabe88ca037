package dev.offlinesync;

import java.time.Duration;

/**
 * A {@link SyncEventListener} that logs every event through {@link System.Logger} (logger name
 * {@code dev.offlinesync.events}): requests, pushes and pulls at {@link System.Logger.Level#DEBUG}, retries, parked
 * operations and failed pulls at {@link System.Logger.Level#INFO}. Never logs tokens or headers; item ids only at
 * DEBUG, and item contents never.
 */
public final class LoggingEventListener implements SyncEventListener {

    private static final System.Logger LOG = System.getLogger("dev.offlinesync.events");
    private static final System.Logger.Level DEBUG = System.Logger.Level.DEBUG;
    private static final System.Logger.Level INFO = System.Logger.Level.INFO;

    /** A listener for {@link SyncClient.Builder#eventListener}; it keeps no state. */
    public LoggingEventListener() {
    }

    @Override
    public void requestStart(String method, String table, int attempt) {
        LOG.log(DEBUG, "{0} /tables/{1} attempt {2}", method, table, attempt);
    }

    @Override
    public void requestEnd(String method, String table, int attempt, int status, long bytesSent, long bytesReceived,
                           Duration duration) {
        LOG.log(DEBUG, "{0} /tables/{1} attempt {2}: status {3}, {4} bytes sent, {5} received, {6} ms", method, table,
                attempt, status, bytesSent, bytesReceived, duration.toMillis());
    }

    @Override
    public void retryScheduled(String method, String table, int attempt, Duration delay, String reason) {
        LOG.log(INFO, "{0} /tables/{1} failed ({2}); retry {3} in {4} ms", method, table, reason, attempt,
                delay.toMillis());
    }

    @Override
    public void pushStart(int operations) {
        LOG.log(DEBUG, "push of {0} operation(s) starts", operations);
    }

    @Override
    public void operationPushed(String table, String itemId, OperationKind kind) {
        LOG.log(DEBUG, "{0} of ''{1}'' in {2} pushed", kind, itemId, table);
    }

    @Override
    public void operationParked(OperationError error) {
        LOG.log(INFO, "{0} in {1} parked: {2} (status {3})", error.kind(), error.table(), error.reason(),
                error.status());
    }

    @Override
    public void operationConflicted(OperationError error) {
        LOG.log(INFO, "{0} in {1} conflicted (status {2})", error.kind(), error.table(), error.status());
    }

    @Override
    public void pushEnd(PushResult result, Duration duration) {
        LOG.log(DEBUG, "push ended in {0} ms: {1} completed, {2} parked, aborted: {3}", duration.toMillis(),
                result.completedOperations(), result.errors().size(), result.abortReason());
    }

    @Override
    public void pullStart(String table, String queryId) {
        LOG.log(DEBUG, "pull of {0} (query id {1}) starts", table, queryId);
    }

    @Override
    public void pageApplied(PullProgress progress) {
        LOG.log(DEBUG, "pull of {0}: page {1} applied, {2} rows so far", progress.table(), progress.pages(),
                progress.received());
    }

    @Override
    public void pullEnd(String table, PullResult result, SyncException failure, Duration duration) {
        if (failure != null) {
            LOG.log(INFO, "pull of {0} failed after {1} ms: {2}", table, duration.toMillis(),
                    failure.getClass().getSimpleName());
        } else {
            LOG.log(DEBUG, "pull of {0} ended in {1} ms: {2} rows received", table, duration.toMillis(),
                    result.received());
        }
    }
}

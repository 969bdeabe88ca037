package dev.offlinesync.internal.http;

import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.TransportException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The attempts of one request: each reported to the event listener, and the pauses between them. */
final class RequestEvents {

    private static final System.Logger LOG = System.getLogger(TableClient.class.getName());

    private final SyncEventListener listener;
    private final String method;
    private final String table;
    private final long bytesSent;
    private int attempt;
    private long started;

    RequestEvents(SyncEventListener listener, String method, String path, byte[] body) {
        this.listener = listener;
        this.method = method;
        // the segment after "tables/", without a split's array and pattern per request
        int start = path.indexOf('/') + 1;
        int end = path.indexOf('/', start);
        this.table = start == 0 || start == path.length() ? path : path.substring(start, end < 0 ? path.length() : end);
        this.bytesSent = body == null ? 0 : body.length;
    }

    void start() {
        attempt++;
        started = System.nanoTime();
        listener.requestStart(method, table, attempt);
    }

    void answered(HttpResponse<?> response) {
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        listener.requestEnd(method, table, attempt, response.statusCode(), bytesSent, length, elapsed());
    }

    void failed() {
        listener.requestEnd(method, table, attempt, 0, bytesSent, -1, elapsed());
    }

    void retry(Duration delay, String reason) {
        listener.retryScheduled(method, table, attempt + 1, delay, reason);
    }

    /** Waits before the next attempt, after telling the listener. */
    void pause(Duration wait, String what, String why) {
        retry(wait, why);
        LOG.log(System.Logger.Level.DEBUG, "retrying {0} in {1} ms after {2}", what, wait.toMillis(), why);
        try {
            if (!RetryWait.sleep(wait)) {
                throw new TransportException("Gave up waiting to retry " + what + " after " + why + ": what the request"
                        + " was for has ended (a pull that failed or finished); nothing of it is needed any more");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting to retry " + what + " (the sync was cancelled or"
                    + " the client is closing): sync again; queued changes are kept", e);
        }
    }

    /** The policy's wait before this retry, shortened by up to its jitter at random. */
    static Duration jittered(RetryPolicy policy, int retry) {
        Duration delay = policy.delayBefore(retry);
        double factor = 1.0 - policy.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (delay.toNanos() * factor));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}

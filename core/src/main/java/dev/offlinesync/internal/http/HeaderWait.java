package dev.offlinesync.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wait for a response's headers, limited to the request timeout by the {@link Watchdog}: when the time is up,
 * the waiting thread is interrupted and the wait fails with {@link HttpTimeoutException}, as the client's own
 * timeout would.
 *
 * <p>The JDK client's blocking {@code send} is used, not {@code sendAsync}: an asynchronous answer is handed over
 * through the common pool, which on a machine with two cores starts a thread for every request (sequential pushes
 * went from about 1,500 to 1,170 operations a second with it, parallel ones from 4,100 to 2,450). An interrupt
 * makes the blocking send cancel its exchange, which closes the exchange's connection; an answer that arrives in
 * the instant the time runs out can so close a connection just handed back to the pool, and the next request on it
 * fails like any network error (and is retried as one). That is why
 * nothing else in the library interrupts a thread inside a request: a pull that fails lets the page being fetched
 * ahead finish and drops it. Each wait given up is counted ({@link #givenUp()}): a request whose connection fails
 * while the count moves may have had its connection closed by that cancel, and {@link TableClient} sends it again.
 */
final class HeaderWait implements Watchdog.Guard {

    /** How many waits were given up (timed out or interrupted) in this process, each cancelling its exchange. */
    private static final AtomicLong GIVEN_UP = new AtomicLong();

    private final Thread waiting = Thread.currentThread();
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final long period;
    /** Set (under this object's lock) when the time was up and the waiting thread interrupted. */
    private boolean expired;
    private boolean done;

    HeaderWait(HttpSettings settings) {
        this.timeout = settings.requestTimeout();
        this.period = Watchdog.periodFor(timeout);
    }

    /**
     * How many waits were given up so far in this process. Counted before the interrupt that a time-out sends, so
     * before the JDK client's cancel can close a connection; after the fact for an interrupt from elsewhere.
     */
    static long givenUp() {
        return GIVEN_UP.get();
    }

    HttpResponse<InputStream> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        Watchdog.watch(this);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            if (finish()) {
                HttpTimeoutException late = new HttpTimeoutException("no response headers within " + timeout);
                late.initCause(e);
                throw late;
            }
            GIVEN_UP.incrementAndGet(); // interrupted from elsewhere (the sync cancelled): the exchange is cancelled too
            throw e;
        } finally {
            if (finish()) {
                Thread.interrupted(); // the answer came as the time ran out: the interrupt was this wait's
            }
        }
    }

    /** Ends the watch; whether the time ran out (then the waiting thread was interrupted by this wait). */
    private synchronized boolean finish() {
        done = true;
        Watchdog.unwatch(this);
        return expired;
    }

    @Override
    public long periodNanos() {
        return period;
    }

    @Override
    public synchronized void check(long now) {
        if (!done && !expired && now - started > timeout.toNanos()) {
            expired = true;
            GIVEN_UP.incrementAndGet();
            waiting.interrupt();
        }
    }
}

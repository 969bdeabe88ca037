package dev.offlinesync.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

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
 * ahead finish and drops it. Each wait given up is noted in its client's {@link GiveUps}: a request of that client
 * whose connection fails near that moment may have had its connection closed by the cancel, and {@link TableClient}
 * sends it again once.
 */
final class HeaderWait implements Watchdog.Guard {

    /**
     * How long before an attempt a wait given up may still close the connection that attempt takes: the given-up
     * thread wakes and cancels its exchange within it, also on a loaded machine.
     */
    static final Duration CANCEL_REACH = Duration.ofSeconds(1);

    /** When the last wait of one client was given up, each cancelling its exchange; shared by its waits. */
    static final class GiveUps {
        private volatile long last;
        private volatile boolean any;

        /** Noted before a time-out's interrupt, so before the cancel; after the fact for other interrupts. */
        void note() {
            last = System.nanoTime();
            any = true;
        }

        /** Whether a wait was given up during an attempt started at {@code started}, or shortly before it. */
        boolean near(long started) {
            return any && last - (started - CANCEL_REACH.toNanos()) >= 0;
        }
    }

    private final GiveUps giveUps;

    private final Thread waiting = Thread.currentThread();
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final long period;
    /** Set (under this object's lock) when the time was up and the waiting thread interrupted. */
    private boolean expired;
    private boolean done;

    HeaderWait(HttpSettings settings, GiveUps giveUps) {
        this.giveUps = giveUps;
        this.timeout = settings.requestTimeout();
        this.period = Watchdog.periodFor(timeout);
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
            giveUps.note(); // interrupted from elsewhere (a cancelled sync): the JDK client cancelled the exchange too
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
            giveUps.note();
            waiting.interrupt();
        }
    }
}

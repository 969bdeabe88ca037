package dev.offlinesync.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The wait for a response's headers, limited to the request timeout by the {@link Watchdog}: when the time is up,
 * the waiting thread is interrupted and the wait fails with {@link HttpTimeoutException}, as the client's own
 * timeout would.
 *
 * <p>An interrupted wait (time up, or the caller cancelled: a pull that failed stops the thread fetching its next
 * page) gives the exchange up without cancelling it. The JDK client's cancel, run from the waiting thread as its
 * blocking {@code send} does on an interrupt, closes the exchange's connection even when the answer has just been
 * read and the connection handed back to the pool: the next request on the client then gets a closed connection
 * and fails. The exchange given up on is left to end by itself; its answer, if one comes, is read off and dropped
 * on a thread of its own, within the same guards as any answer, which hands the connection back for reuse. A
 * server that never answers keeps that one connection until it or the network closes it.
 */
final class HeaderWait implements Watchdog.Guard {

    private static final System.Logger LOG = System.getLogger(HeaderWait.class.getName());

    private final Thread waiting = Thread.currentThread();
    private final HttpSettings settings;
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final long period;
    /** Set (under this object's lock) when the time was up and the waiting thread interrupted. */
    private boolean expired;
    private boolean done;

    HeaderWait(HttpSettings settings) {
        this.settings = settings;
        this.timeout = settings.requestTimeout();
        this.period = Watchdog.periodFor(timeout);
    }

    HttpResponse<InputStream> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before the request was sent"); // nothing was sent
        }
        CompletableFuture<HttpResponse<InputStream>> answer =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Watchdog.watch(this);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.whenComplete((response, failed) -> discard(response, request));
            if (finish()) {
                HttpTimeoutException late = new HttpTimeoutException("no response headers within " + timeout);
                late.initCause(e);
                throw late;
            }
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
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
            waiting.interrupt();
        }
    }

    /** What a failed exchange throws to its caller, as the JDK client's blocking send would. */
    private static IOException failure(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    /**
     * Reads off and drops the answer nobody waits for any more, on a thread of its own (the client's threads must
     * not block on a body): read to its end, it leaves its connection in the pool; cut by a guard, it closes it.
     */
    private void discard(HttpResponse<InputStream> response, HttpRequest request) {
        if (response == null) {
            return; // the exchange failed: the JDK client closed its connection itself
        }
        Thread reader = new Thread(() -> {
            try (InputStream body = new GuardedInputStream(response.body(), settings.maxResponseBytes(),
                    settings.requestTimeout(), settings.responseDeadline())) {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "the answer to " + request.method() + " " + request.uri().getPath()
                        + ", given up on, was not read to its end; its connection is closed", e);
            }
        }, "offlinesync-discard");
        reader.setDaemon(true);
        reader.start();
    }
}

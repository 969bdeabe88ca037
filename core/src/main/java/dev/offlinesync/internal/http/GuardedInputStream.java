package dev.offlinesync.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A response body with three guards: more than a limit of bytes fails with {@link TooLarge}; a body that stops
 * arriving for longer than the idle timeout is closed, so the blocked read fails with {@link Stalled} instead of
 * hanging (the JDK client's request timeout only covers the wait for the headers); and a body still arriving
 * when the deadline has passed since the headers (one that trickles a byte now and then, never pausing long
 * enough to stall) is closed too, so the read fails with {@link DeadlineExceeded}.
 */
final class GuardedInputStream extends FilterInputStream implements Watchdog.Guard {

    /** Thrown when a response body exceeds the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("response body larger than " + limit + " bytes");
        }
    }

    /** Thrown when no byte of the body arrived within the idle timeout. */
    static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(Duration idle, Throwable cause) {
            super("no data for " + idle.toMillis() + " ms", cause);
        }
    }

    /** Thrown when the body had not arrived in full within the deadline. */
    static final class DeadlineExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlineExceeded(Duration deadline, long bytes, Throwable cause) {
            super("body not complete after " + deadline.toMillis() + " ms (" + bytes + " bytes arrived)", cause);
        }
    }

    private final long limit;
    private final Duration idle;
    private final Duration deadline;
    private final long started = System.nanoTime();
    private final long period;
    private long count;
    private volatile long lastProgress = started;
    private volatile boolean stalled;
    private volatile boolean expired;

    GuardedInputStream(InputStream in, long limit, Duration idle, Duration deadline) {
        super(in);
        this.limit = limit;
        this.idle = idle;
        this.deadline = deadline;
        this.period = Watchdog.periodFor(idle.compareTo(deadline) < 0 ? idle : deadline);
        Watchdog.watch(this);
    }

    @Override
    public long periodNanos() {
        return period;
    }

    @Override
    public int read() throws IOException {
        int b = guarded(() -> super.read());
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = guarded(() -> super.read(b, off, len));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        Watchdog.unwatch(this);
        super.close();
    }

    private interface Read {
        int run() throws IOException;
    }

    private int guarded(Read read) throws IOException {
        int n;
        try {
            n = read.run();
        } catch (IOException e) {
            if (expired) {
                throw new DeadlineExceeded(deadline, count, e);
            }
            if (stalled) {
                throw new Stalled(idle, e);
            }
            throw e;
        }
        long now = System.nanoTime();
        lastProgress = now;
        // A fast reader may finish its read between two watchdog checks; the deadline still holds for it.
        if (n >= 0 && now - started > deadline.toNanos()) {
            expired = true;
            throw new DeadlineExceeded(deadline, count, null);
        }
        return n;
    }

    /** Closes the body when it stalled or is late, so that the blocked read fails. */
    @Override
    public void check(long now) {
        if (now - started > deadline.toNanos()) {
            expired = true;
        } else if (now - lastProgress > idle.toNanos()) {
            stalled = true;
        } else {
            return;
        }
        Watchdog.unwatch(this);
        try {
            in.close();
        } catch (IOException e) {
            System.getLogger(GuardedInputStream.class.getName())
                    .log(System.Logger.Level.DEBUG, "closing a stalled or late response body failed", e);
        }
    }

    private void count(long n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge(limit);
        }
    }
}

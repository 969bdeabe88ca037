package dev.offlinesync.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body with two guards: more than a limit of bytes fails with {@link TooLarge}, and a body that
 * stops arriving for longer than the idle timeout is closed, so the blocked read fails with {@link Stalled}
 * instead of hanging (the JDK client's request timeout only covers the wait for the headers).
 */
final class GuardedInputStream extends FilterInputStream {

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

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "offlinesync-body-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final long limit;
    private final Duration idle;
    private final ScheduledFuture<?> check;
    private long count;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    GuardedInputStream(InputStream in, long limit, Duration idle) {
        super(in);
        this.limit = limit;
        this.idle = idle;
        long period = Math.max(10, Math.min(1000, idle.toMillis() / 4));
        this.check = WATCHDOG.scheduleAtFixedRate(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
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
        check.cancel(false);
        super.close();
    }

    private interface Read {
        int run() throws IOException;
    }

    private int guarded(Read read) throws IOException {
        try {
            int n = read.run();
            lastProgress = System.nanoTime();
            return n;
        } catch (IOException e) {
            if (stalled) {
                throw new Stalled(idle, e);
            }
            throw e;
        }
    }

    private void closeIfIdle() {
        if (System.nanoTime() - lastProgress > idle.toNanos()) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException e) {
                System.getLogger(GuardedInputStream.class.getName())
                        .log(System.Logger.Level.DEBUG, "closing a stalled response body failed", e);
            }
        }
    }

    private void count(long n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge(limit);
        }
    }
}

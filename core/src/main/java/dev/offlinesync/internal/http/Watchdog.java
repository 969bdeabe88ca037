package dev.offlinesync.internal.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that checks every watched exchange at a fixed pace, for the time guards of {@link TableClient}
 * (no headers within the request timeout) and {@link GuardedInputStream} (a body that stalls or runs past its
 * deadline). Watching and unwatching only add to and remove from a set: no timer is scheduled and no thread is woken
 * per request, which would cost a thread switch for every operation a push sends. The thread checks at the pace of
 * the most demanding exchange watched, and parks for good after a minute with nothing to watch.
 */
final class Watchdog {

    /** Something with a deadline, checked at least every {@link #periodNanos()}. */
    interface Guard {
        long periodNanos();

        /** Acts when the deadline passed; called on the watchdog thread. */
        void check(long now);
    }

    /** The slowest pace, also the pace while nothing is watched. */
    private static final long MAX_PERIOD = Duration.ofSeconds(1).toNanos();
    private static final long MIN_PERIOD = Duration.ofMillis(10).toNanos();
    /** How long with nothing to watch before the thread parks until the next watch. */
    private static final long IDLE = Duration.ofMinutes(1).toNanos();

    private static final Set<Guard> WATCHED = ConcurrentHashMap.newKeySet();
    /** The pause the thread is in now ({@code Long.MAX_VALUE}: parked until woken). */
    private static volatile long pause = MAX_PERIOD;
    private static final Thread THREAD = start();

    private Watchdog() {
    }

    /** The pace for an exchange whose shortest limit is {@code shortest}: a quarter of it, within 10 ms and 1 s. */
    static long periodFor(Duration shortest) {
        return Math.max(MIN_PERIOD, Math.min(MAX_PERIOD, shortest.toNanos() / 4));
    }

    static void watch(Guard guard) {
        WATCHED.add(guard);
        if (guard.periodNanos() < pause) {
            LockSupport.unpark(THREAD); // only when it must check sooner than it would: rare
        }
    }

    static void unwatch(Guard guard) {
        WATCHED.remove(guard);
    }

    private static Thread start() {
        Thread thread = new Thread(Watchdog::run, "offlinesync-watchdog");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run() {
        long period = MAX_PERIOD;
        long busy = System.nanoTime();
        while (true) {
            if (!WATCHED.isEmpty()) {
                // between two requests of a push nothing is watched: the pace stays, so the next one wakes nobody
                period = MAX_PERIOD;
                for (Guard guard : WATCHED) {
                    period = Math.min(period, guard.periodNanos());
                }
                busy = System.nanoTime();
            }
            if (System.nanoTime() - busy > IDLE) {
                pause = Long.MAX_VALUE;
                if (WATCHED.isEmpty()) {
                    LockSupport.park();
                }
                busy = System.nanoTime();
            } else {
                pause = period;
                LockSupport.parkNanos(period);
            }
            pause = period;
            long now = System.nanoTime();
            for (Guard guard : WATCHED) {
                try {
                    guard.check(now);
                } catch (RuntimeException e) {
                    System.getLogger(Watchdog.class.getName()).log(System.Logger.Level.WARNING,
                            "a time guard of an exchange failed; the exchange is left to its other limits", e);
                    WATCHED.remove(guard);
                }
            }
        }
    }
}

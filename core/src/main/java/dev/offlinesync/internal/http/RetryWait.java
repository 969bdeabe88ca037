package dev.offlinesync.internal.http;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The waits between the attempts of a request, which the thread sending it can be told to give up. A wait holds no
 * connection, so ending it early loses nothing, unlike an interrupt inside a request (the JDK client then cancels the
 * exchange and closes its connection). A thread fetching pages ahead for a pull that has ended so stops at once
 * instead of sitting out a long {@code Retry-After} for a page nobody will take.
 */
public final class RetryWait {

    private static final ThreadLocal<BooleanSupplier> GIVE_UP = new ThreadLocal<>();

    private RetryWait() {
    }

    /** From now on a wait of the calling thread ends, failing its request, as soon as {@code giveUp} says so. */
    public static void giveUpWhen(BooleanSupplier giveUp) {
        GIVE_UP.set(giveUp);
    }

    /**
     * Wakes {@code thread} if it is waiting to retry, so that it checks its give-up condition now. Harmless anywhere
     * else: every other wait in the library and in the JDK client checks its own condition again when woken.
     */
    public static void wake(Thread thread) {
        LockSupport.unpark(thread);
    }

    /** Waits {@code wait}; {@code false} when the wait was given up before its end. */
    static boolean sleep(Duration wait) throws InterruptedException {
        BooleanSupplier giveUp = GIVE_UP.get();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting to retry");
            }
            if (giveUp != null && giveUp.getAsBoolean()) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(RetryWait.class, left);
        }
    }
}

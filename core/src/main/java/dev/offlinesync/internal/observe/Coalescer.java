package dev.offlinesync.internal.observe;

import dev.offlinesync.Subscription;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * Delivers values to one listener on an executor, merging those that arrive while a delivery is queued or running:
 * a burst yields one call with the merged value. Offering never blocks and never runs the listener; deliveries to
 * one listener never overlap, whatever the executor. With an interval, two deliveries are at least that far apart
 * (a later one waits on the scheduler, not on the executor).
 */
final class Coalescer<T> implements Subscription {

    private static final System.Logger LOG = System.getLogger(Coalescer.class.getName());

    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final BinaryOperator<T> merge;
    private final Consumer<? super T> listener;
    private final Runnable onClose;
    private T pending;
    private boolean scheduled;
    private long lastDelivery;
    private volatile boolean closed;

    Coalescer(Executor executor, ScheduledExecutorService scheduler, Duration interval, BinaryOperator<T> merge,
              Consumer<? super T> listener, Runnable onClose) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.interval = interval;
        this.merge = merge;
        this.listener = listener;
        this.onClose = onClose;
    }

    void offer(T value) {
        synchronized (this) {
            if (closed) {
                return;
            }
            pending = pending == null ? value : merge.apply(pending, value);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        long wait;
        synchronized (this) {
            wait = lastDelivery == 0 ? 0 : lastDelivery + interval.toNanos() - System.nanoTime();
        }
        try {
            if (wait > 0 && scheduler != null) {
                scheduler.schedule(() -> submit(), wait, TimeUnit.NANOSECONDS);
            } else {
                submit();
            }
        } catch (RejectedExecutionException e) {
            stopped(e);
        }
    }

    private void submit() {
        try {
            executor.execute(this::deliver);
        } catch (RejectedExecutionException e) {
            stopped(e);
        }
    }

    private void stopped(RejectedExecutionException e) {
        LOG.log(System.Logger.Level.DEBUG, "the callback executor is shut down: a listener misses a delivery", e);
        synchronized (this) {
            scheduled = false;
            pending = null;
        }
    }

    private void deliver() {
        T value;
        synchronized (this) {
            value = pending;
            pending = null;
            if (value == null || closed) {
                scheduled = false;
                return;
            }
        }
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a sync listener threw; it stays registered", e);
        }
        boolean more;
        synchronized (this) {
            lastDelivery = System.nanoTime();
            more = pending != null && !closed;
            scheduled = more;
        }
        if (more) {
            schedule();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = null;
        }
        onClose.run();
    }
}

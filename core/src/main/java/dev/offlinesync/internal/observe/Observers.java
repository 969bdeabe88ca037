package dev.offlinesync.internal.observe;

import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushResult;
import dev.offlinesync.Subscription;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncStatus;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableChange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything that watches a client: status, change and live-query listeners (delivered on the callback executor,
 * coalesced) and the user's event listener (called on the working thread). As an event listener itself it is what
 * the engine reports to: each event moves the status, then goes to the user's listener.
 */
public final class Observers implements SyncEventListener {

    private static final System.Logger LOG = System.getLogger(Observers.class.getName());

    private final Executor callbacks;
    private final SyncEventListener user;
    private final StatusTracker tracker = new StatusTracker();
    private final List<Coalescer<Boolean>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<TableListener> tableListeners = new CopyOnWriteArrayList<>();
    private final Queue<List<TableChange>> committedChanges = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile Supplier<long[]> counts = () -> new long[] {0, 0};
    private ScheduledExecutorService scheduler;

    /** A listener of one table: to its changes, or a live query that only needs to know there were some. */
    private record TableListener(String table, Coalescer<List<TableChange>> coalescer) {
    }

    public Observers(Executor callbacks, SyncEventListener user) {
        this.callbacks = callbacks;
        this.user = user == null ? new SyncEventListener() { } : user;
    }

    /** Where the pending and parked counts come from (read when a status is taken). */
    public void countsFrom(Supplier<long[]> source) {
        this.counts = source;
    }

    public SyncStatus status() {
        long[] numbers = counts.get();
        return tracker.snapshot(numbers[0], numbers[1]);
    }

    public Subscription addStatusListener(Consumer<? super SyncStatus> listener) {
        Objects.requireNonNull(listener, "listener");
        Coalescer<Boolean>[] self = newArray();
        self[0] = new Coalescer<>(callbacks, null, Duration.ZERO, (a, b) -> true, dirty -> deliverStatus(listener),
                () -> statusListeners.remove(self[0]));
        statusListeners.add(self[0]);
        self[0].offer(true);
        return self[0];
    }

    private void deliverStatus(Consumer<? super SyncStatus> listener) {
        SyncStatus status;
        try {
            status = status();
        } catch (SyncException e) {
            LOG.log(System.Logger.Level.DEBUG, "no status delivered: the store cannot be read", e);
            return;
        }
        listener.accept(status);
    }

    @SuppressWarnings("unchecked")
    private static Coalescer<Boolean>[] newArray() {
        return (Coalescer<Boolean>[]) new Coalescer<?>[1];
    }

    public Subscription addChangeListener(String table, Consumer<? super TableChange> listener) {
        Objects.requireNonNull(listener, "listener");
        return addTableListener(table, Duration.ZERO, changes -> changes.forEach(listener));
    }

    /**
     * Delivers {@code read}'s result now and after each commit that changed the table, at most one result per
     * {@link SyncTable#LIVE_QUERY_INTERVAL}; the read runs on the callback executor, just before its delivery.
     */
    public <R> Subscription observe(String table, Supplier<R> read, Consumer<? super R> listener) {
        Objects.requireNonNull(listener, "listener");
        Coalescer<List<TableChange>> subscription = addTableListener(table, SyncTable.LIVE_QUERY_INTERVAL, c -> {
            R result;
            try {
                result = read.get();
            } catch (SyncException e) {
                LOG.log(System.Logger.Level.WARNING, "a live query of " + table + " could not be read", e);
                return;
            }
            listener.accept(result);
        });
        subscription.offer(List.of()); // the current result, at once
        return subscription;
    }

    private Coalescer<List<TableChange>> addTableListener(String table, Duration interval,
                                                          Consumer<List<TableChange>> deliver) {
        Coalescer<List<TableChange>>[] self = newChangeArray();
        self[0] = new Coalescer<>(callbacks, interval.isZero() ? null : scheduler(), interval, ChangeSet::merge,
                deliver,
                () -> tableListeners.removeIf(l -> l.coalescer == self[0]));
        tableListeners.add(new TableListener(table, self[0]));
        return self[0];
    }

    @SuppressWarnings("unchecked")
    private static Coalescer<List<TableChange>>[] newChangeArray() {
        return (Coalescer<List<TableChange>>[]) new Coalescer<?>[1];
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "offlinesync-live-queries");
                thread.setDaemon(true);
                return thread;
            });
        }
        return scheduler;
    }

    /**
     * Called under the engine lock right after a transaction committed, with what it changed (never for rolled-back
     * work): queues the changes in commit order. {@link #publish()} hands them to the listeners once the lock is
     * released, so that a listener run in place by a direct executor never runs under the lock.
     */
    public void committed(ChangeSet changes) {
        if (changes.isEmpty() || tableListeners.isEmpty() && statusListeners.isEmpty()) {
            return;
        }
        committedChanges.add(changes.changes());
    }

    /**
     * Hands the queued changes to the listeners, in commit order. Never waits: when another thread is handing
     * them out already (its listener may be running in place), that thread takes these too.
     */
    public void publish() {
        while (!committedChanges.isEmpty() && publishing.compareAndSet(false, true)) {
            try {
                List<TableChange> next;
                while ((next = committedChanges.poll()) != null) {
                    offer(next);
                }
            } finally {
                publishing.set(false);
            }
        }
    }

    private void offer(List<TableChange> list) {
        for (TableListener listener : tableListeners) {
            List<TableChange> mine = list.stream().filter(c -> c.table().equals(listener.table)).toList();
            if (!mine.isEmpty()) {
                listener.coalescer.offer(mine);
            }
        }
        statusChanged();
    }

    private void statusChanged() {
        statusListeners.forEach(listener -> listener.offer(true));
    }

    /** Stops deliveries (the client is closing). */
    public void close() {
        statusListeners.forEach(Coalescer::close);
        tableListeners.forEach(l -> l.coalescer.close());
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    // Events: the status moves first, then the user's listener hears of it.

    @Override
    public void requestStart(String method, String table, int attempt) {
        forward(() -> user.requestStart(method, table, attempt));
    }

    @Override
    public void requestEnd(String method, String table, int attempt, int status, long bytesSent, long bytesReceived,
                           Duration duration) {
        if (tracker.answered(status != 0)) {
            statusChanged();
        }
        forward(() -> user.requestEnd(method, table, attempt, status, bytesSent, bytesReceived, duration));
    }

    @Override
    public void retryScheduled(String method, String table, int attempt, Duration delay, String reason) {
        forward(() -> user.retryScheduled(method, table, attempt, delay, reason));
    }

    @Override
    public void pushStart(int operations) {
        tracker.pushStarted(operations);
        statusChanged();
        forward(() -> user.pushStart(operations));
    }

    /** The push starts sending an operation of this table (not an event of the user's listener). */
    public void sending(String table) {
        tracker.sending(table);
        statusChanged();
    }

    @Override
    public void operationPushed(String table, String itemId, OperationKind kind) {
        tracker.operationDone();
        statusChanged();
        forward(() -> user.operationPushed(table, itemId, kind));
    }

    @Override
    public void operationParked(OperationError error) {
        tracker.operationDone();
        statusChanged();
        forward(() -> user.operationParked(error));
    }

    @Override
    public void operationConflicted(OperationError error) {
        tracker.operationDone();
        statusChanged();
        forward(() -> user.operationConflicted(error));
    }

    @Override
    public void pushEnd(PushResult result, Duration duration) {
        tracker.pushEnded(result);
        statusChanged();
        forward(() -> user.pushEnd(result, duration));
    }

    @Override
    public void pullStart(String table, String queryId) {
        tracker.pullStarted(table);
        statusChanged();
        forward(() -> user.pullStart(table, queryId));
    }

    @Override
    public void pageApplied(PullProgress progress) {
        tracker.pageApplied(progress);
        statusChanged();
        forward(() -> user.pageApplied(progress));
    }

    @Override
    public void pullEnd(String table, PullResult result, SyncException failure, Duration duration) {
        tracker.pullEnded(table, failure);
        statusChanged();
        forward(() -> user.pullEnd(table, result, failure, duration));
    }

    private static void forward(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the sync event listener threw; sync goes on", e);
        }
    }
}

package dev.offlinesync.internal.engine;

import dev.offlinesync.OperationError;
import dev.offlinesync.OperationError.Reason;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push that keeps up to {@code width} operations in flight, on different items. This thread does every store
 * transaction and every decision, as {@link PushRun} does one operation at a time; sender threads only run the
 * delegate and the HTTP exchange. Each item's operations still go one at a time and in queue order: the walk
 * of the queue stops at an operation whose item is in flight and goes on once that item's operation is done.
 *
 * <p>Each transaction applies the outcomes that arrived and marks the next operations in flight, recording
 * their bodies, before any of them is sent. An abort (outage, authentication, store failure, cancel) stops
 * taking new operations; those already sent are waited for and their outcomes applied.
 */
final class PushWindow {

    private static final System.Logger LOG = System.getLogger(PushWindow.class.getName());

    private final PushRun run;
    private final EngineParts engine;
    private final int width;
    private final BlockingQueue<Sent> arrived = new LinkedBlockingQueue<>();
    private AbortReason abortReason;
    private SyncException abortCause;

    /** An operation and what became of it. {@code release}: not decided yet (a suspect), only leave the flight. */
    private record Sent(PushOperation operation, Outcome outcome, boolean release) {
    }

    PushWindow(PushRun run, int width) {
        this.run = run;
        this.engine = run.engine;
        this.width = width;
    }

    PushResult run() {
        ExecutorService senders = Executors.newFixedThreadPool(width, daemonThreads());
        try {
            return walk(senders);
        } finally {
            senders.shutdownNow();
        }
    }

    private PushResult walk(ExecutorService senders) {
        long[] total = new long[1];
        int inFlight = 0;
        boolean exhausted = false;
        List<Sent> decided = new ArrayList<>();
        boolean first = true;
        while (true) {
            int room = abortReason == null && !exhausted ? width - inFlight : 0;
            List<Sent> toApply = decided;
            boolean starting = first;
            List<PushOperation> taken = new ArrayList<>();
            List<OperationError> parked = new ArrayList<>();
            try {
                engine.locked(ops -> {
                    if (starting) {
                        run.upTo = engine.queue.lastSequence(ops);
                        total[0] = engine.queue.count(ops, null);
                    }
                    for (Sent sent : toApply) {
                        parked.add(sent.release() ? releaseIn(ops, sent.operation()) : run.apply(ops, sent.operation(),
                                sent.outcome()));
                    }
                    while (taken.size() < room) {
                        PushOperation next = run.takeNext(ops);
                        if (next == null) {
                            break;
                        }
                        taken.add(next);
                        run.busyItems.add(PushRun.key(next.queued())); // its next operation waits, even in this walk
                    }
                    return null;
                });
            } catch (StoreException e) {
                if (starting) {
                    return new PushResult(0, List.of(), AbortReason.STORE, e);
                }
                toApply.forEach(sent -> run.release(sent.operation()));
                stop(AbortReason.STORE, e);
                parked.clear();
                taken.forEach(operation -> run.busyItems.remove(PushRun.key(operation.queued())));
                taken.clear();
            }
            if (starting) {
                engine.observers.pushStart((int) Math.min(total[0], Integer.MAX_VALUE));
                first = false;
            }
            for (int i = 0; i < parked.size(); i++) { // reported only once committed
                if (!toApply.get(i).release()) {
                    run.report(toApply.get(i).operation(), toApply.get(i).outcome(), parked.get(i));
                }
            }
            if (run.leaseLost != null) {
                stop(AbortReason.STORE, run.leaseLost);
            }
            exhausted |= taken.size() < room && !run.blocked;
            for (PushOperation operation : taken) {
                engine.observers.sending(operation.table());
                senders.execute(() -> arrived.add(new Sent(operation, sendOnce(operation), false)));
                inFlight++;
            }
            if (inFlight == 0) {
                break;
            }
            List<Sent> done = new ArrayList<>();
            try {
                done.add(arrived.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException("The push was interrupted while operations were in flight; they stay"
                        + " queued and are sent again by the next push", e);
            }
            arrived.drainTo(done);
            inFlight -= done.size();
            decided = decide(done);
        }
        if (abortReason == null && run.suspect != null) {
            StoreException parkFailure = run.parkSuspect();
            if (parkFailure != null) {
                stop(AbortReason.STORE, parkFailure);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "parallel push done: {0} completed, {1} errors, abort {2}", run.completed,
                run.errors.size(), abortReason);
        return new PushResult(run.completed, run.errors, abortReason, abortCause);
    }

    /**
     * Classifies arrived outcomes as {@link PushRun} does: a 5xx (or unusable answer) that a probe of the server
     * fails too, or that follows another item's 5xx, is an outage; a first 5xx is a suspect, parked once another
     * item went through; a cancel or an abort stops the push.
     */
    private List<Sent> decide(List<Sent> done) {
        List<Sent> decided = new ArrayList<>();
        for (Sent sent : done) {
            PushOperation operation = sent.operation();
            run.busyItems.remove(PushRun.key(operation.queued()));
            Outcome outcome = sent.outcome();
            if ((outcome.reason() == Reason.SERVER_FAILURE || outcome.reason() == Reason.BAD_ANSWER)
                    && (run.suspect != null || !run.serverAnswersOthers(operation))) {
                outcome = new Outcome(null, outcome.failure(), AbortReason.SERVER, null);
            }
            if (outcome.reason() == Reason.SERVER_FAILURE && !operation.cancelled()) {
                run.suspect = new PushRun.Suspect(operation, outcome);
                run.skippedItems.add(PushRun.key(operation.queued()));
                decided.add(new Sent(operation, outcome, true));
                continue;
            }
            if (run.suspect != null && outcome.abortReason() == null) {
                decided.add(new Sent(run.suspect.operation(), run.suspect.outcome(), false));
                run.suspect = null;
            }
            decided.add(new Sent(operation, outcome, false));
            if (outcome.abortReason() != null) {
                stop(outcome.abortReason(), outcome.failure());
            } else if (operation.cancelled()) {
                stop(AbortReason.CANCELLED, outcome.failure() != null ? outcome.failure() : new SyncException(
                        "The push was cancelled by the delegate; the remaining operations stay queued"));
            }
        }
        return decided;
    }

    /** The operation leaves the flight without an outcome (a suspect); returns no error. */
    private OperationError releaseIn(dev.offlinesync.spi.StoreOperations ops, PushOperation operation) {
        engine.queue.get(ops, operation.queued().id()).ifPresent(op -> engine.queue.save(ops, op.withOwner(null)));
        return null;
    }

    /** The first reason to stop wins; later ones are outcomes of operations that were already in flight. */
    private void stop(AbortReason reason, SyncException cause) {
        if (abortReason == null) {
            abortReason = reason;
            abortCause = cause;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "offlinesync-push-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The operation's outcome, whatever the delegate throws: every operation sent answers exactly once, so the push
     * never waits for an answer that cannot come. An {@link Error} stops the push with the operation queued, as it
     * would stop a push that sends one operation at a time.
     */
    private Outcome sendOnce(PushOperation operation) {
        try {
            return Outcome.send(engine, operation);
        } catch (Error e) {
            return new Outcome(null, new SyncException("The push stopped: " + e + " on " + operation.kind() + " of '"
                    + operation.itemId() + "' in " + operation.table() + ". The operation stays queued; fix the"
                    + " delegate (or what it calls) and push again", e), AbortReason.SERVER, null);
        }
    }
}

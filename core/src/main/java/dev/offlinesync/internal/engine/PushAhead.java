package dev.offlinesync.internal.engine;

import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.SyncException;
import dev.offlinesync.internal.engine.PushStep.Sent;
import dev.offlinesync.spi.StoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A push that sends one operation at a time, in queue order, with the next operation taken ahead: marked in
 * flight, its body recorded and committed, while the one before it is out. When an answer arrives, this thread
 * decides what it means (the 5xx probe included) and, unless the push stops, sends the operation taken ahead at
 * once; the answered outcome is applied, and the operation after it taken, in one transaction on a store thread
 * while that request is out. The store work of one operation thus overlaps the next one's request instead of
 * coming between them, and each operation still costs one commit.
 *
 * <p>The delegate runs on this (the push's) thread only, one operation at a time; the store thread runs
 * transactions only, and the observers hear of their outcomes from this thread. This thread waits for the store
 * thread's transaction to commit before it decides on the next answer, and reads none of the walk's state while
 * that transaction runs, so the walk's state only moves in one place at a time. The operation taken ahead is never
 * on the item in flight (the walk stops at a busy item); when the push stops (outage, cancel, lease or store
 * failure), it is released unsent: its mark and the body recorded for it are dropped.
 */
final class PushAhead {

    /** Operations taken and not yet sent while one is out: enough to send the next at once. */
    private static final int AHEAD = 1;

    private final PushRun run;
    private final EngineParts engine;
    private final Deque<PushOperation> ready = new ArrayDeque<>();
    /** Whether the walk reached the end of what this push sends. */
    private boolean exhausted;

    PushAhead(PushRun run) {
        this.run = run;
        this.engine = run.engine;
    }

    PushResult run() {
        ExecutorService store = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "offlinesync-push-store");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return walk(store);
        } finally {
            store.shutdown();
        }
    }

    private PushResult walk(ExecutorService store) {
        try {
            took(run.start(AHEAD + 1), AHEAD + 1);
        } catch (StoreException e) {
            return new PushResult(0, List.of(), AbortReason.STORE, e);
        }
        Future<PushStep> applying = null;
        try {
            while (!ready.isEmpty()) {
                if (applying == null && run.stopped()) {
                    run.step(withUnsent(List.of()), 0); // not reached when the push stops: back to the queue
                    break;
                }
                PushOperation operation = ready.poll();
                engine.observers.sending(operation.table());
                Outcome outcome = Outcome.send(engine, operation);
                if (applying != null) {
                    Future<PushStep> step = applying;
                    applying = null; // joined once: a failed step is not joined again while the push cleans up
                    took(run.reported(join(step)), AHEAD);
                }
                List<Sent> decided = run.decide(operation, outcome);
                if (run.stopped()) {
                    run.step(withUnsent(decided), 0);
                } else if (ready.isEmpty()) {
                    // nothing taken ahead (the walk waited for this item, or a step failed): take it now
                    took(run.step(decided, exhausted ? 0 : AHEAD + 1), AHEAD + 1);
                } else {
                    int room = exhausted ? 0 : AHEAD + 1 - ready.size();
                    applying = store.submit(() -> run.stepUnreported(decided, room));
                }
            }
        } catch (RuntimeException | Error e) {
            // the delegate threw an Error, or a bug: the operations taken ahead leave the flight unsent
            try {
                if (applying != null) {
                    took(run.reported(join(applying)), AHEAD);
                }
                if (!ready.isEmpty()) {
                    run.step(withUnsent(List.of()), 0);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return run.finish();
    }

    /** The outcomes to apply, then the operations taken ahead, to release unsent. */
    private List<Sent> withUnsent(List<Sent> decided) {
        List<Sent> all = new ArrayList<>(decided);
        ready.forEach(operation -> all.add(Sent.unsent(operation)));
        ready.clear();
        return all;
    }

    private void took(PushStep step, int room) {
        if (step == null) {
            exhausted = true;
            return;
        }
        ready.addAll(step.taken);
        exhausted |= step.taken.size() < room && !run.blocked;
    }

    /**
     * The store thread's step, once it committed or failed. Waits through an interrupt (a transaction is short, and
     * the push must know what it committed) and keeps the interrupt for the caller.
     */
    private static PushStep join(Future<PushStep> step) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return step.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new SyncException("A push transaction failed: " + e.getCause() + "; push again", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

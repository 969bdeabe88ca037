package dev.offlinesync.internal.engine;

import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncException;
import dev.offlinesync.internal.engine.PushStep.Sent;
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
 * their bodies, before any of them is sent. Answers that arrived together cost one commit and one read of their
 * items' queued operations (per table), and the operations taken together one read of the queue: on a machine whose
 * cores the push shares, that store work is what a wider window has to pay for. An abort (outage, authentication, store failure, cancel) stops
 * taking new operations; those already sent are waited for and their outcomes applied.
 */
final class PushWindow {

    private final PushRun run;
    private final EngineParts engine;
    private final int width;
    private final BlockingQueue<Sent> arrived = new LinkedBlockingQueue<>();

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
        PushStep step;
        try {
            step = run.start(width);
        } catch (StoreException e) {
            return new PushResult(0, List.of(), AbortReason.STORE, e);
        }
        int inFlight = 0;
        boolean exhausted = false;
        while (true) {
            List<PushOperation> taken = step == null ? List.of() : step.taken;
            exhausted |= step == null || taken.size() < width - inFlight && !run.blocked;
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
            List<Sent> decided = new ArrayList<>();
            for (Sent sent : done) {
                decided.addAll(run.decide(sent.operation(), sent.outcome()));
            }
            // the arrived outcomes are applied in the transaction that marks the next operations in flight
            step = run.step(decided, run.stopped() || exhausted ? 0 : width - inFlight);
        }
        return run.finish();
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

package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.QueryResult;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncException;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.protocol.RemoteTables;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.observe.Observers;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The engine behind the public API: local reads and writes, push (one at a time; a second caller joins the
 * running one), pull and purge. Blocking; the public classes run the network calls on executors.
 */
public final class SyncEngine {

    private static final System.Logger LOG = System.getLogger(SyncEngine.class.getName());

    private final EngineParts engine;
    private final LocalWriter writer;
    private final Object pushMonitor = new Object();
    private CompletableFuture<PushResult> runningPush;

    public SyncEngine(SyncContextDataSource store, RemoteTables client, SyncContextDelegate delegate,
                      Observers observers, int pushParallelism) {
        this.engine = new EngineParts(store, client, delegate, observers, pushParallelism);
        this.writer = new LocalWriter(engine);
        observers.countsFrom(() -> engine.locked(ops -> new long[] {engine.queue.count(ops, null),
                engine.errors.all(ops).size()}));
    }

    /** The status, listeners and events of this engine. */
    public Observers observers() {
        return engine.observers;
    }

    public void defineTable(dev.offlinesync.spi.TableDefinition definition) {
        engine.defineTable(definition);
    }

    public ObjectNode insert(String table, ObjectNode item) {
        return writer.insert(table, item);
    }

    public ObjectNode update(String table, ObjectNode item) {
        return writer.update(table, item);
    }

    public void delete(String table, String id) {
        writer.delete(table, id);
    }

    public Optional<ObjectNode> lookup(String table, String id) {
        engine.table(table);
        Identifiers.requireValidId(id, table);
        return EngineParts.storeCall(() -> engine.store.lookup(table, id)).map(RowMapper::toJson);
    }

    public QueryResult<ObjectNode> read(String table, Query query) {
        engine.table(table);
        StoreQuery storeQuery = new StoreQuery(table, query.filter() == null ? null : query.filter().predicate(),
                query.orderings(), query.skipCount(), query.topCount(), query.selectedFields(), query.countsTotal());
        var result = EngineParts.storeCall(() -> engine.store.read(storeQuery));
        List<ObjectNode> items = new ArrayList<>(result.rows().size());
        for (Map<String, Object> row : result.rows()) {
            items.add(RowMapper.toJson(row));
        }
        return new QueryResult<>(items, result.totalCount());
    }

    /**
     * Pushes the queue, or waits for the push already running in this client and returns its result. Across
     * clients and processes sharing the store, pushes take turns through the store's push lease.
     */
    public PushResult push() {
        CompletableFuture<PushResult> mine;
        CompletableFuture<PushResult> theirs = null;
        synchronized (pushMonitor) {
            if (runningPush != null && !runningPush.isDone()) {
                theirs = runningPush;
                mine = null;
            } else {
                mine = new CompletableFuture<>();
                runningPush = mine;
            }
        }
        if (theirs != null) {
            return theirs.join();
        }
        long started = System.nanoTime();
        boolean ended = false;
        try {
            PushResult result;
            try {
                acquireLease();
                result = new PushRun(engine).run();
            } finally {
                releaseLease();
            }
            ended = true;
            engine.observers.pushEnd(result, Duration.ofNanos(System.nanoTime() - started));
            engine.delegate.onPushComplete(result);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            if (!ended) {
                engine.observers.pushEnd(new PushResult(0, List.of(), e instanceof StoreException
                        ? PushResult.AbortReason.STORE : PushResult.AbortReason.CANCELLED, asSync(e)),
                        Duration.ofNanos(System.nanoTime() - started));
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Waits while another client sharing the store pushes (its lease ends when it finishes or is gone). */
    private void acquireLease() {
        long pause = 20;
        while (!engine.locked(ops -> engine.lease.tryAcquire(ops, Instant.now()))) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException("Interrupted while waiting for another client's push to finish", e);
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private void releaseLease() {
        try {
            engine.locked(ops -> {
                engine.lease.release(ops);
                return null;
            });
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release the push lease; it ends when it expires", e);
        }
    }

    /** The exception a push that did not complete every operation fails with. */
    public static PushFailedException failure(PushResult result, String context) {
        String what = result.aborted()
                ? "the push was aborted (" + result.abortReason() + ": "
                        + (result.abortCause() == null ? "" : result.abortCause().getMessage()) + ")"
                : result.errors().size() + " operation(s) were rejected by the server; see errors() and resolve them";
        return new PushFailedException(context + "Not all operations completed successfully: " + what, result);
    }

    /**
     * Pushes pending changes first (so the server can reject conflicting ones before new data comes), then pulls.
     * Only an aborted push fails the pull: operations the server rejected stay parked, and the pull leaves their
     * rows alone as it does for any pending change.
     */
    public PullResult pull(String table, Query query, String queryId, PullOptions options) {
        PullRun run = new PullRun(engine, table, query, queryId, options);
        long started = System.nanoTime();
        engine.observers.pullStart(table, queryId);
        try {
            // One transaction tells whether to push first and where the pull starts; after a push (which takes
            // long enough for anything to change) the start is read again.
            PullRun.Start start = engine.locked(run::start);
            if (start.pending()) {
                PushResult result = push();
                if (result.aborted()) {
                    throw failure(result, "Pull of " + table + " needs the pending changes pushed first. ");
                }
                start = engine.locked(run::start);
            }
            PullResult result = run.run(start.cursor());
            engine.observers.pullEnd(table, result, null, Duration.ofNanos(System.nanoTime() - started));
            return result;
        } catch (RuntimeException e) {
            engine.observers.pullEnd(table, null, asSync(e), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    private static SyncException asSync(RuntimeException e) {
        return e instanceof SyncException sync ? sync : new SyncException(e.toString(), e);
    }

    public void purge(String table, Query query) {
        engine.table(table);
        if (engine.locked(ops -> engine.queue.count(ops, table)) > 0) {
            PushResult result = push();
            if (engine.locked(ops -> engine.queue.count(ops, table)) > 0) {
                throw failure(result, "Purge of " + table + " needs the table's pending changes pushed first"
                        + " (resolve its errors, or use forcePurge to discard them). ");
            }
        }
        engine.locked(ops -> {
            Predicate where = query.filter() == null ? null : query.filter().predicate();
            recordPurge(ops, table, where);
            ops.deleteWhere(table, where);
            engine.config.resetDeltaTokens(ops, table);
            return null;
        });
    }

    /**
     * Discards the table's rows, operations and errors. A push of this client that is sending one of them is
     * waited for; one of another client sharing the store makes this call refuse.
     */
    public void forcePurge(String table) {
        engine.table(table);
        CompletableFuture<PushResult> running;
        synchronized (pushMonitor) {
            running = runningPush;
        }
        if (running != null) {
            try {
                running.join();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "the push waited for by forcePurge failed", e);
            }
        }
        engine.locked(ops -> {
            List<QueuedOperation> queued = engine.queue.all(ops, table);
            Set<String> inFlight = engine.inFlightIds(ops, queued);
            for (QueuedOperation op : queued) {
                if (inFlight.contains(op.id())) {
                    throw new QueueRejectedException("Cannot force-purge " + table + ": another client sharing the"
                            + " store is pushing its operation on '" + op.itemId() + "' right now. Try again when"
                            + " that push has finished");
                }
            }
            recordPurge(ops, table, null);
            ops.deleteWhere(table, null);
            engine.queue.removeTable(ops, table);
            engine.errors.removeTable(ops, table);
            engine.config.resetDeltaTokens(ops, table);
            return null;
        });
    }

    /** Records the rows a purge removes (read first: the store's delete does not say which). */
    private void recordPurge(StoreOperations ops, String table, Predicate where) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> row : ops.read(StoreQuery.where(table, where).withSelect(List.of("id"))).rows()) {
            ids.add((String) row.get("id"));
        }
        engine.changes().deleted(Origin.PURGE, table, ids);
    }

    /** Releases this client's hold on the store (its push lease); the store itself is closed by its owner. */
    public void close() {
        engine.observers.close();
        engine.close();
    }

    public long pendingOperationCount() {
        return engine.locked(ops -> engine.queue.count(ops, null));
    }

    public List<PendingOperation> pendingOperations() {
        return engine.locked(ops -> {
            List<QueuedOperation> queued = engine.queue.all(ops, null);
            Set<String> inFlight = engine.inFlightIds(ops, queued);
            return queued.stream().map(op -> op.toPending(inFlight.contains(op.id()))).toList();
        });
    }

    public List<OperationError> errors() {
        return engine.locked(ops -> engine.errors.all(ops)).stream()
                .<OperationError>map(e -> new StoredOperationError(engine, e)).toList();
    }
}

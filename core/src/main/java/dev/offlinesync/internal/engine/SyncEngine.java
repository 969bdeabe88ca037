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
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.queue.QueuedOperation;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The engine behind the public API: local reads and writes, push (one at a time; a second caller joins the
 * running one), pull and purge. Blocking; the public classes run the network calls on executors.
 */
public final class SyncEngine {

    private final Engine engine;
    private final LocalWriter writer;
    private final Object pushMonitor = new Object();
    private CompletableFuture<PushResult> runningPush;

    public SyncEngine(SyncContextDataSource store, TableClient client, SyncContextDelegate delegate) {
        this.engine = new Engine(store, client, delegate);
        this.writer = new LocalWriter(engine);
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
        return Engine.storeCall(() -> engine.store.lookup(table, id)).map(RowMapper::toJson);
    }

    public QueryResult<ObjectNode> read(String table, Query query) {
        engine.table(table);
        StoreQuery storeQuery = new StoreQuery(table, query.filter() == null ? null : query.filter().predicate(),
                query.orderings(), query.skipCount(), query.topCount(), query.selectedFields(), query.countsTotal());
        var result = Engine.storeCall(() -> engine.store.read(storeQuery));
        List<ObjectNode> items = new ArrayList<>(result.rows().size());
        for (Map<String, Object> row : result.rows()) {
            items.add(RowMapper.toJson(row));
        }
        return new QueryResult<>(items, result.totalCount());
    }

    /** Pushes the queue, or waits for the push already running and returns its result. */
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
        try {
            PushResult result = new PushRun(engine).run();
            engine.delegate.onPushComplete(result);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Pushes (when anything is queued) and throws when the push did not complete every operation. */
    void pushOrFail(String why) {
        if (pendingOperationCount() == 0) {
            return;
        }
        PushResult result = push();
        if (!result.succeeded()) {
            throw failure(result, why);
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

    public PullResult pull(String table, Query query, String queryId, PullOptions options) {
        PullRun run = new PullRun(engine, table, query, queryId, options);
        pushOrFail("Pull of " + table + " needs the pending changes pushed first. ");
        return run.run();
    }

    public void purge(String table, Query query) {
        engine.table(table);
        if (engine.locked(ops -> engine.queue.count(ops, table)) > 0) {
            pushOrFail("Purge of " + table + " needs the table's pending changes pushed first. ");
        }
        engine.locked(ops -> {
            ops.deleteWhere(table, query.filter() == null ? null : query.filter().predicate());
            engine.config.resetDeltaTokens(ops, table);
            return null;
        });
    }

    public void forcePurge(String table) {
        engine.table(table);
        engine.locked(ops -> {
            ops.deleteWhere(table, null);
            engine.queue.removeTable(ops, table);
            engine.errors.removeTable(ops, table);
            engine.config.resetDeltaTokens(ops, table);
            return null;
        });
    }

    public long pendingOperationCount() {
        return engine.locked(ops -> engine.queue.count(ops, null));
    }

    public List<PendingOperation> pendingOperations() {
        return engine.locked(ops -> engine.queue.all(ops, null)).stream().map(QueuedOperation::toPending).toList();
    }

    public List<OperationError> errors() {
        return engine.locked(ops -> engine.errors.all(ops)).stream()
                .<OperationError>map(e -> new StoredOperationError(engine, e)).toList();
    }
}

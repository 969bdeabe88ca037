package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.StoreException;
import dev.offlinesync.SyncException;
import dev.offlinesync.TransportException;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.queue.ErrorLog.StoredError;
import dev.offlinesync.internal.queue.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One push: walks the queue in order, as DESIGN.md's push algorithm says. Not reused. */
final class PushRun {

    private static final System.Logger LOG = System.getLogger(PushRun.class.getName());

    private final Engine engine;
    private final Set<String> skippedItems = new HashSet<>();
    /** Tables the server does not have: their other operations would fail the same way, so they wait. */
    private final Set<String> skippedTables = new HashSet<>();
    private final List<OperationError> errors = new ArrayList<>();
    private int completed;
    private long lastSequence;

    PushRun(Engine engine) {
        this.engine = engine;
    }

    PushResult run() {
        AbortReason abortReason = null;
        SyncException abortCause = null;
        while (true) {
            PushOperation operation;
            try {
                operation = engine.locked(this::takeNext);
            } catch (StoreException e) {
                abortReason = AbortReason.STORE;
                abortCause = e;
                break;
            }
            if (operation == null) {
                break;
            }
            Outcome outcome = send(operation);
            try {
                engine.locked(ops -> apply(ops, operation, outcome));
            } catch (StoreException e) {
                release(operation);
                abortReason = AbortReason.STORE;
                abortCause = e;
                break;
            }
            if (outcome.abortReason != null) {
                abortReason = outcome.abortReason;
                abortCause = outcome.failure;
                break;
            }
            if (operation.cancelled()) {
                abortReason = AbortReason.CANCELLED;
                abortCause = outcome.failure != null ? outcome.failure
                        : new SyncException("The push was cancelled by the delegate; the remaining operations stay queued");
                break;
            }
        }
        PushResult result = new PushResult(completed, errors, abortReason, abortCause);
        LOG.log(System.Logger.Level.DEBUG, "push done: {0} completed, {1} errors, abort {2}", completed,
                errors.size(), abortReason);
        return result;
    }

    /** Takes the next operation not skipped in this push and marks it in flight. */
    private PushOperation takeNext(StoreOperations ops) {
        while (true) {
            Optional<QueuedOperation> next = engine.queue.next(ops, lastSequence);
            if (next.isEmpty()) {
                return null;
            }
            QueuedOperation op = next.get();
            lastSequence = op.sequence();
            if (op.inFlight() || skippedItems.contains(key(op)) || skippedTables.contains(op.table())) {
                continue;
            }
            ObjectNode item;
            if (op.kind() == OperationKind.DELETE) {
                item = RowMapper.toJson(op.item() == null ? Map.of("id", op.itemId()) : op.item());
            } else {
                Optional<Map<String, Object>> row = ops.lookup(op.table(), op.itemId());
                if (row.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "dropping a queued {0} of {1} whose local row is gone",
                            op.kind(), op.table());
                    engine.queue.remove(ops, op.id());
                    continue;
                }
                item = RowMapper.toJson(row.get());
            }
            QueuedOperation inFlight = op.withInFlight(true);
            engine.queue.save(ops, inFlight);
            return new PushOperation(inFlight, item, engine.client);
        }
    }

    private record Outcome(ObjectNode serverItem, Map<String, Object> serverRow, SyncException failure,
                           AbortReason abortReason) {
    }

    /** Runs the operation through the delegate, with no lock held, and classifies what happened. */
    private Outcome send(PushOperation operation) {
        try {
            ObjectNode result = engine.delegate.onOperation(operation);
            Map<String, Object> row = null;
            if (result != null && !result.path("deleted").asBoolean(false)) {
                row = engine.serverRow(result, engine.table(operation.table()));
            }
            return new Outcome(result, row, null, null);
        } catch (ConflictException e) {
            return new Outcome(null, null, e, null);
        } catch (HttpStatusException e) {
            int status = e.status();
            if (status == 401 || status == 403) {
                return new Outcome(null, null, e, AbortReason.AUTHENTICATION);
            }
            return new Outcome(null, null, e, status >= 500 ? AbortReason.SERVER : null);
        } catch (TransportException e) {
            return new Outcome(null, null, e, AbortReason.NETWORK);
        } catch (ProtocolException e) {
            return new Outcome(null, null, e, AbortReason.SERVER);
        } catch (StoreException e) {
            return new Outcome(null, null, e, AbortReason.STORE);
        } catch (SyncException e) {
            return new Outcome(null, null, e, null);
        } catch (RuntimeException e) {
            return new Outcome(null, null, new SyncException("The delegate failed on " + operation.kind() + " of '"
                    + operation.itemId() + "' in " + operation.table() + ": " + e, e), null);
        }
    }

    private Void apply(StoreOperations ops, PushOperation operation, Outcome outcome) {
        QueuedOperation op = operation.queued();
        if (engine.queue.get(ops, op.id()).isEmpty()) {
            return null; // force-purged while in flight: nothing left to apply
        }
        if (outcome.failure == null) {
            engine.queue.remove(ops, op.id());
            engine.errors.remove(ops, op.id());
            applyServerItem(ops, op, outcome.serverRow);
            completed++;
        } else if (outcome.abortReason != null) {
            engine.queue.save(ops, op.withInFlight(false));
            if (outcome.abortReason == AbortReason.SERVER && outcome.failure instanceof HttpStatusException) {
                // The server keeps failing on this item (a 5xx after retries, e.g. a field its schema lacks):
                // record it, so the user can see it and resolve it, rather than be blocked at the head forever.
                recordError(ops, operation, outcome.failure);
            }
        } else {
            engine.queue.save(ops, op.withInFlight(false));
            recordError(ops, operation, outcome.failure);
        }
        return null;
    }

    /**
     * The server's item becomes the local row, unless a newer local change of the item is queued: then only
     * the server's system columns are taken, so that the next push carries the right version.
     */
    private void applyServerItem(StoreOperations ops, QueuedOperation op, Map<String, Object> serverRow) {
        if (serverRow == null) {
            return;
        }
        List<QueuedOperation> newer = engine.queue.forItem(ops, op.table(), op.itemId());
        if (newer.isEmpty()) {
            ops.upsert(op.table(), List.of(serverRow));
            return;
        }
        for (QueuedOperation later : newer) {
            if (later.kind() == OperationKind.DELETE) {
                Map<String, Object> item = new LinkedHashMap<>(later.item() == null ? Map.of() : later.item());
                copySystemColumns(serverRow, item);
                engine.queue.save(ops, later.withKind(OperationKind.DELETE, item));
            }
        }
        Optional<Map<String, Object>> local = ops.lookup(op.table(), op.itemId());
        if (local.isPresent()) {
            Map<String, Object> row = local.get();
            copySystemColumns(serverRow, row);
            ops.upsert(op.table(), List.of(row));
        }
    }

    private static void copySystemColumns(Map<String, Object> from, Map<String, Object> to) {
        for (String column : TableRegistry.SYSTEM_COLUMNS.keySet()) {
            if (from.containsKey(column)) {
                to.put(column, from.get(column));
            }
        }
    }

    private void recordError(StoreOperations ops, PushOperation operation, SyncException failure) {
        QueuedOperation op = operation.queued();
        skippedItems.add(key(op));
        if (failure instanceof NoSuchTableException) {
            skippedTables.add(op.table());
        }
        int status = failure instanceof HttpStatusException h ? h.status() : 0;
        ObjectNode serverItem = failure instanceof ConflictException c ? c.serverItem() : null;
        TableDefinition definition = engine.table(op.table());
        StoredError stored = new StoredError(op.id(), op.table(), op.itemId(), op.kind().name(), status,
                failure.getMessage(), toRowLenient(operation.sentItem(), definition),
                serverItem == null ? null : toRowLenient(serverItem, definition), Instant.now());
        engine.errors.record(ops, stored);
        errors.add(new StoredOperationError(engine, stored));
    }

    private Map<String, Object> toRowLenient(ObjectNode item, TableDefinition definition) {
        try {
            return RowMapper.toRow(item, definition);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "server item of a conflict does not fit the table", e);
            return null;
        }
    }

    private void release(PushOperation operation) {
        try {
            engine.locked(ops -> {
                engine.queue.get(ops, operation.queued().id())
                        .ifPresent(op -> engine.queue.save(ops, op.withInFlight(false)));
                return null;
            });
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release an in-flight operation; it is released when"
                    + " the client restarts", e);
        }
    }

    private static String key(QueuedOperation op) {
        return op.table() + "\u0000" + op.itemId();
    }
}

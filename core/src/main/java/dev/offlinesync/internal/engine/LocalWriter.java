package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationKind;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.TimeOrderedIds;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local inserts, updates and deletes: each writes the row and its queue entry in one transaction, collapsing
 * with the item's queued operation (insert+update is an insert, insert+delete is nothing, update+delete is a
 * delete, delete+insert is an update). A refused change writes nothing: its transaction rolls back. An operation
 * being sent right now is never collapsed into (the change is queued after it), and one whose answer was lost is
 * never collapsed away: the server may have applied it.
 */
public final class LocalWriter {

    private final EngineParts engine;

    public LocalWriter(EngineParts engine) {
        this.engine = engine;
    }

    /** Inserts an item (making a time-ordered UUID id when it has none); returns the stored item. */
    public ObjectNode insert(String table, ObjectNode item) {
        TableDefinition definition = engine.table(table);
        ObjectNode copy = item.deepCopy();
        JsonNode id = copy.get("id");
        boolean madeId = id == null || id.isNull();
        if (madeId) {
            copy.put("id", TimeOrderedIds.next());
        }
        String itemId = Identifiers.validId(copy, table);
        copy.remove("deleted");
        Map<String, Object> row = engine.userRow(copy, definition);
        engine.locked(ops -> {
            if (madeId) {
                // An id made just now names no stored row and no queued operation (a clash is as likely as guessing
                // its random bits): the queue entry is appended without looking for the item's operations (on SQL
                // stores the NOT EXISTS probe of the queue's item index). A row found all the same is still refused.
                if (!ops.insertIfAbsent(table, row)) {
                    throw exists(table, itemId);
                }
                engine.queue.append(ops, OperationKind.INSERT, table, itemId, null);
                engine.changes().inserted(Origin.LOCAL_WRITE, table, List.of(itemId));
                return null;
            }
            // Two writes that check as they go: the row's insert says whether the id is taken, the queue entry's
            // whether the item has operations queued. Only then are the item's operations read, to collapse.
            if (!ops.insertIfAbsent(table, row)) {
                QueuedOperation pending = pendingFor(ops, table, itemId);
                if (pending != null && pending.kind() == OperationKind.DELETE) {
                    recreate(ops, table, itemId, row, pending);
                    return null;
                }
                throw exists(table, itemId);
            }
            if (engine.queue.appendUnlessQueued(ops, OperationKind.INSERT, table, itemId)) {
                engine.changes().inserted(Origin.LOCAL_WRITE, table, List.of(itemId));
                return null;
            }
            QueuedOperation pending = pendingFor(ops, table, itemId);
            if (pending == null) {
                engine.queue.append(ops, OperationKind.INSERT, table, itemId, null); // after the one in flight
                engine.changes().inserted(Origin.LOCAL_WRITE, table, List.of(itemId));
            } else if (pending.kind() == OperationKind.DELETE) {
                recreate(ops, table, itemId, row, pending);
            } else {
                throw exists(table, itemId); // an insert or update queued: the row's insert rolls back with this
            }
            return null;
        });
        return RowMapper.toJson(row);
    }

    /**
     * Updates an existing item: the item's fields replace the stored ones; fields it does not carry (system
     * columns a typed record lacks, columns the server added) keep their stored values, and so do system columns
     * it carries as null. Returns the stored item.
     */
    public ObjectNode update(String table, ObjectNode item) {
        TableDefinition definition = engine.table(table);
        String itemId = Identifiers.validId(item, table);
        ObjectNode copy = item.deepCopy();
        copy.remove("deleted");
        Map<String, Object> changes = engine.userRow(copy, definition);
        // System columns are the server's: a null one (a record built anew rather than read back) keeps the stored
        // value, so the update still carries the version it is based on and a concurrent change is a conflict.
        changes.entrySet().removeIf(change -> change.getValue() == null
                && SystemColumns.LOCAL.containsKey(change.getKey()));
        Map<String, Object> merged = engine.locked(ops -> {
            Map<String, Object> existing = ops.lookup(table, itemId).orElseThrow(() -> new QueueRejectedException(
                    "Cannot update item '" + itemId + "' of " + table + ": it does not exist locally (never inserted"
                            + " or pulled, or deleted). Insert it instead"));
            Map<String, Object> row = new LinkedHashMap<>(existing);
            row.putAll(changes);
            ops.upsert(table, List.of(row));
            engine.changes().updated(Origin.LOCAL_WRITE, table, List.of(itemId));
            List<QueuedOperation> queued = engine.queue.forItem(ops, table, itemId);
            supersedeErrors(ops, queued);
            QueuedOperation pending = pendingOf(ops, queued);
            if (pending == null) {
                engine.queue.append(ops, OperationKind.UPDATE, table, itemId, null);
            } else if (pending.retryAt() != null) {
                engine.queue.save(ops, pending.unparked(pending.recreate())); // changed: worth trying at once
            }
            return row;
        });
        return RowMapper.toJson(merged);
    }

    /** Deletes an item locally and queues the delete (with the item's last known version). */
    public void delete(String table, String itemId) {
        engine.table(table);
        Identifiers.requireValidId(itemId, table);
        engine.locked(ops -> {
            Map<String, Object> existing = ops.lookup(table, itemId).orElseThrow(() -> new QueueRejectedException(
                    "Cannot delete item '" + itemId + "' of " + table + ": it does not exist locally"));
            List<QueuedOperation> queued = engine.queue.forItem(ops, table, itemId);
            supersedeErrors(ops, queued);
            QueuedOperation pending = pendingOf(ops, queued);
            ops.delete(table, List.of(itemId));
            engine.changes().deleted(Origin.LOCAL_WRITE, table, List.of(itemId));
            if (pending == null) {
                engine.queue.append(ops, OperationKind.DELETE, table, itemId, existing);
            } else if (pending.kind() == OperationKind.INSERT && !pending.maybeApplied()) {
                // insert -> delete: the server never saw the item
                engine.queue.remove(ops, pending.id());
            } else {
                // update -> delete, or an insert whose answer was lost (the server may have the item): the delete
                // takes the operation's place and keeps what was sent, so the server's copy is recognised
                engine.queue.save(ops, pending.withKind(OperationKind.DELETE, existing).unparked(false));
            }
            return null;
        });
    }

    /**
     * delete -> insert: one update carrying the new item, based on the deleted item's version. It recreates the item
     * on the server should the delete have reached it already.
     */
    private void recreate(StoreOperations ops, String table, String itemId, Map<String, Object> row,
                          QueuedOperation pending) {
        if (row.get("version") == null && pending.item() != null) {
            row.put("version", pending.item().get("version"));
        }
        ops.upsert(table, List.of(row));
        engine.changes().inserted(Origin.LOCAL_WRITE, table, List.of(itemId));
        engine.queue.save(ops, pending.withKind(OperationKind.UPDATE, null).unparked(true));
        engine.errors.remove(ops, pending.id());
    }

    private static QueueRejectedException exists(String table, String itemId) {
        return new QueueRejectedException("Cannot insert item '" + itemId + "' into " + table
                + ": an item with this id already exists locally. Use update to change it");
    }

    /** The item's queued operation that a new change may collapse into: the newest one, unless in flight. */
    private QueuedOperation pendingFor(StoreOperations ops, String table, String itemId) {
        return pendingOf(ops, engine.queue.forItem(ops, table, itemId));
    }

    private QueuedOperation pendingOf(StoreOperations ops, List<QueuedOperation> queued) {
        if (queued.isEmpty()) {
            return null;
        }
        QueuedOperation newest = queued.get(queued.size() - 1);
        return engine.inFlight(ops, newest) ? null : newest;
    }

    /**
     * A local change supersedes the stored errors of the item's queued operations: they are about older values,
     * and resolving one (useClient, discard, ...) would undo the change. Removing them, in the change's own
     * transaction, is what makes a resolution of an error read before the change refuse (it checks the stored
     * error); the operation now carries the change, and a new rejection records a new error.
     */
    private void supersedeErrors(StoreOperations ops, List<QueuedOperation> queued) {
        for (QueuedOperation op : queued) {
            engine.errors.remove(ops, op.id());
        }
    }
}

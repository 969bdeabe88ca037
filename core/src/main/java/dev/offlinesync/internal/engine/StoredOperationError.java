package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.systemtables.ErrorLog.StoredError;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import java.util.Map;

/** A persisted operation error and its resolutions. */
final class StoredOperationError implements OperationError {

    private final EngineParts engine;
    private final StoredError error;

    StoredOperationError(EngineParts engine, StoredError error) {
        this.engine = engine;
        this.error = error;
    }

    @Override
    public String operationId() {
        return error.operationId();
    }

    @Override
    public OperationKind kind() {
        return OperationKind.valueOf(error.kind());
    }

    @Override
    public String table() {
        return error.table();
    }

    @Override
    public String itemId() {
        return error.itemId();
    }

    @Override
    public int status() {
        return error.status();
    }

    @Override
    public String message() {
        return error.message();
    }

    @Override
    public ObjectNode clientItem() {
        return error.clientItem() == null ? null : RowMapper.toJson(error.clientItem());
    }

    @Override
    public ObjectNode serverItem() {
        return error.serverItem() == null ? null : RowMapper.toJson(error.serverItem());
    }

    @Override
    public Reason reason() {
        return error.reason() == null ? Reason.REJECTED : Reason.valueOf(error.reason());
    }

    @Override
    public void keepAndRetry(ObjectNode item) {
        Map<String, Object> row = rowOf(item, "keepAndRetry needs the item to send (e.g. clientItem() with the"
                + " server's version)");
        engine.locked(ops -> {
            QueuedOperation op = claim(ops);
            if (op.kind() == OperationKind.DELETE) {
                engine.queue.save(ops, op.withKind(OperationKind.DELETE, row).unparked(op.recreate()));
            } else {
                engine.upsertRecorded(ops, Origin.RESOLUTION, error.table(), row);
                engine.queue.save(ops, op.unparked(op.recreate()));
            }
            return null;
        });
    }

    @Override
    public void cancelAndUpdate(ObjectNode item) {
        if (item == null) {
            throw new InvalidItemException("cancelAndUpdate needs the item the local row becomes (e.g. serverItem());"
                    + " when there is no server item, use cancelAndDiscard() or acceptServerDeletion()");
        }
        boolean deleted = item.path("deleted").asBoolean(false);
        Map<String, Object> row = deleted ? null : rowOf(item, "");
        engine.locked(ops -> {
            claim(ops);
            engine.queue.remove(ops, error.operationId());
            if (row == null) {
                engine.deleteRecorded(ops, Origin.RESOLUTION, error.table(), error.itemId());
            } else {
                engine.upsertRecorded(ops, Origin.RESOLUTION, error.table(), row);
            }
            return null;
        });
    }

    @Override
    public void cancelAndDiscard() {
        engine.locked(ops -> {
            claim(ops);
            engine.queue.remove(ops, error.operationId());
            engine.deleteRecorded(ops, Origin.RESOLUTION, error.table(), error.itemId());
            return null;
        });
    }

    @Override
    public void acceptServerDeletion() {
        requireDeletedOnServer("acceptServerDeletion");
        cancelAndDiscard();
    }

    @Override
    public void recreate() {
        requireDeletedOnServer("recreate");
        engine.locked(ops -> {
            recreate(ops, claim(ops));
            return null;
        });
    }

    @Override
    public void recreate(ObjectNode item) {
        requireDeletedOnServer("recreate");
        Map<String, Object> row = rowOf(item, "recreate(item) needs the item to bring back; recreate() brings back"
                + " the local item as it is");
        engine.locked(ops -> {
            QueuedOperation op = claim(ops);
            if (op.kind() != OperationKind.DELETE) {
                engine.upsertRecorded(ops, Origin.RESOLUTION, error.table(), row);
            }
            recreate(ops, op);
            return null;
        });
    }

    private void recreate(StoreOperations ops, QueuedOperation op) {
        if (op.kind() == OperationKind.DELETE || ops.lookup(error.table(), error.itemId()).isEmpty()) {
            throw new InvalidItemException("Item '" + error.itemId() + "' of " + error.table() + " is deleted"
                    + " locally too: there is nothing to recreate; use acceptServerDeletion()");
        }
        engine.queue.save(ops, op.unparked(true));
    }

    @Override
    public String toString() {
        return "OperationError[" + error.kind() + " " + error.table() + "/" + error.itemId() + " status "
                + error.status() + ": " + error.message() + "]";
    }

    private void requireDeletedOnServer(String call) {
        if (reason() != Reason.DELETED_ON_SERVER) {
            throw new InvalidItemException(call + " applies to an item deleted on the server; this error is "
                    + reason() + ": use keepAndRetry, cancelAndUpdate or cancelAndDiscard");
        }
    }

    /**
     * Takes this error out of the store if it is still the current one, and returns its queued operation; inside
     * the resolution's transaction, so whatever the resolution writes commits with the removal or not at all. The
     * check is made against the stored error, not against this object: a local edit of the item (in this process
     * or another sharing the store) removes the error, and a new rejection records a new one.
     */
    private QueuedOperation claim(StoreOperations ops) {
        boolean current = engine.errors.claim(ops, error);
        QueuedOperation op = engine.queue.get(ops, error.operationId()).orElseThrow(() -> new InvalidItemException(
                "This error was already resolved, or the item's change was undone locally (its operation is no"
                        + " longer queued): read SyncContext.errors() again"));
        if (!current) {
            throw new QueueRejectedException("This error of item '" + error.itemId() + "' of " + error.table()
                    + " is no longer current: the item was changed locally after the error was read (or the error"
                    + " was resolved, or the operation was rejected again), and resolving it would undo that."
                    + " Nothing was written: read errors() again and resolve the error it lists, if any");
        }
        if (engine.inFlight(ops, op)) {
            throw new QueueRejectedException("The operation of this error is being pushed right now: wait for the"
                    + " push to finish, then read SyncContext.errors() again");
        }
        return op;
    }

    private Map<String, Object> rowOf(ObjectNode item, String whatToPass) {
        if (item == null) {
            throw new InvalidItemException(whatToPass);
        }
        ObjectNode copy = item.deepCopy();
        if (copy.hasNonNull("id") && !copy.get("id").asText().equals(error.itemId())) {
            throw new InvalidItemException("The item given to resolve the error of '" + error.itemId()
                    + "' has another id, '" + copy.get("id").asText() + "': keep the item's id");
        }
        copy.put("id", error.itemId());
        copy.remove("deleted");
        return engine.userRow(copy, engine.table(error.table()));
    }
}

package dev.offlinesync.internal.queue;

import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import java.util.HashMap;
import java.util.Map;

/**
 * A row of the operation queue.
 *
 * @param item for a delete, the item as it was when deleted (its version is sent as If-Match); else null
 */
public record QueuedOperation(String id, long sequence, OperationKind kind, String table, String itemId,
                              boolean inFlight, Map<String, Object> item) {

    static QueuedOperation fromRow(Map<String, Object> row) {
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) row.get("item");
        return new QueuedOperation((String) row.get("id"), (Long) row.get("sequence"),
                OperationKind.valueOf((String) row.get("kind")), (String) row.get("tableName"),
                (String) row.get("itemId"), "inflight".equals(row.get("state")), item);
    }

    Map<String, Object> toRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("sequence", sequence);
        row.put("tableName", table);
        row.put("itemId", itemId);
        row.put("kind", kind.name());
        row.put("state", inFlight ? "inflight" : "pending");
        row.put("item", item);
        return row;
    }

    public QueuedOperation withKind(OperationKind newKind, Map<String, Object> newItem) {
        return new QueuedOperation(id, sequence, newKind, table, itemId, inFlight, newItem);
    }

    public QueuedOperation withInFlight(boolean flag) {
        return new QueuedOperation(id, sequence, kind, table, itemId, flag, item);
    }

    public PendingOperation toPending() {
        return new PendingOperation(id, sequence, kind, table, itemId, inFlight);
    }
}

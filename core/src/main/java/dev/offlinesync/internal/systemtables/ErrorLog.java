package dev.offlinesync.internal.systemtables;

import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persisted errors of rejected operations, in {@link SystemTables#ERRORS}, keyed by operation id. */
public final class ErrorLog {

    private static final String T = SystemTables.ERRORS;

    /** One stored error. */
    public record StoredError(String operationId, String table, String itemId, String kind, String reason, int status,
                              String message, Map<String, Object> clientItem, Map<String, Object> serverItem,
                              Instant createdAt) {
    }

    public void record(StoreOperations ops, StoredError error) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", error.operationId());
        row.put("tableName", error.table());
        row.put("itemId", error.itemId());
        row.put("kind", error.kind());
        row.put("reason", error.reason());
        row.put("status", (long) error.status());
        row.put("message", error.message());
        row.put("clientItem", error.clientItem());
        row.put("serverItem", error.serverItem());
        row.put("createdAt", error.createdAt());
        ops.upsert(T, List.of(row));
    }

    public Optional<StoredError> get(StoreOperations ops, String operationId) {
        return ops.lookup(T, operationId).map(ErrorLog::fromRow);
    }

    public void remove(StoreOperations ops, String operationId) {
        ops.delete(T, List.of(operationId));
    }

    public long removeTable(StoreOperations ops, String table) {
        return ops.deleteWhere(T, OperationQueue.eq("tableName", table));
    }

    public List<StoredError> all(StoreOperations ops) {
        List<StoredError> result = new ArrayList<>();
        List<Map<String, Object>> rows = ops.read(StoreQuery.all(T)
                .withOrderBy(List.of(SortOrder.asc("createdAt"), SortOrder.asc("id"))))
                .rows();
        for (Map<String, Object> row : rows) {
            result.add(fromRow(row));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static StoredError fromRow(Map<String, Object> row) {
        return new StoredError((String) row.get("id"), (String) row.get("tableName"),
                (String) row.get("itemId"), (String) row.get("kind"), (String) row.get("reason"),
                ((Long) row.get("status")).intValue(), (String) row.get("message"),
                (Map<String, Object>) row.get("clientItem"), (Map<String, Object>) row.get("serverItem"),
                (Instant) row.get("createdAt"));
    }
}

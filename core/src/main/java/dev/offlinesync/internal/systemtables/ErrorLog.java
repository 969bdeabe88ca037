package dev.offlinesync.internal.systemtables;

import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Persisted errors of rejected operations, in {@link SystemTables#ERRORS}, keyed by operation id. Each recorded
 * error carries a token of its own: an operation rejected again gets a new error under the same id, and a
 * resolution must act only on the error it was read from.
 */
public final class ErrorLog {

    private static final String T = SystemTables.ERRORS;

    /**
     * One stored error.
     *
     * @param token this recording's own identity (null for an error recorded before tokens existed)
     */
    public record StoredError(String operationId, String table, String itemId, String kind, String reason, int status,
                              String message, Map<String, Object> clientItem, Map<String, Object> serverItem,
                              Instant createdAt, String token) {

        /** A new error, with a token of its own. */
        public StoredError(String operationId, String table, String itemId, String kind, String reason, int status,
                           String message, Map<String, Object> clientItem, Map<String, Object> serverItem,
                           Instant createdAt) {
            this(operationId, table, itemId, kind, reason, status, message, clientItem, serverItem, createdAt,
                    UUID.randomUUID().toString());
        }
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
        row.put("token", error.token());
        ops.upsert(T, List.of(row));
    }

    public Optional<StoredError> get(StoreOperations ops, String operationId) {
        return ops.lookup(T, operationId).map(ErrorLog::fromRow);
    }

    /**
     * The ids of the operations that have a stored error: a push reads them once, so that an operation pushed
     * without one costs no delete of its error.
     */
    public Set<String> operationIds(StoreOperations ops) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> row : ops.read(StoreQuery.all(T).withSelect(List.of("id"))).rows()) {
            ids.add((String) row.get("id"));
        }
        return ids;
    }

    public void remove(StoreOperations ops, String operationId) {
        ops.delete(T, List.of(operationId));
    }

    /**
     * Removes the error if it is still the stored one (same operation, same recording), inside the caller's
     * transaction: the removal is the check, so two processes sharing the store cannot both act on one error,
     * and none can act on an error a local edit removed meanwhile.
     *
     * @return whether it was the stored error (and is now removed)
     */
    public boolean claim(StoreOperations ops, StoredError error) {
        Predicate sameRecording = error.token() == null ? new Predicate.IsNull("token")
                : OperationQueue.eq("token", error.token());
        return ops.deleteWhere(T, new Predicate.And(List.of(OperationQueue.eq("id", error.operationId()),
                sameRecording))) > 0;
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
                (Instant) row.get("createdAt"), (String) row.get("token"));
    }
}

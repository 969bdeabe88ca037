package dev.offlinesync.internal.systemtables;

import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Delta tokens (pull cursors) per table and query id, in {@link SystemTables#CONFIG}. */
public final class ConfigStore {

    private static final String T = SystemTables.CONFIG;
    private static final String DELTA_TOKEN = "deltaToken";

    public Optional<String> deltaToken(StoreOperations ops, String table, String queryId) {
        return ops.lookup(T, key(table, queryId)).map(row -> (String) row.get("value"));
    }

    public void saveDeltaToken(StoreOperations ops, String table, String queryId, String value) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", key(table, queryId));
        row.put("tableName", table);
        row.put("kind", DELTA_TOKEN);
        row.put("queryId", queryId);
        row.put("value", value);
        ops.upsert(T, List.of(row));
    }

    /** Forgets every delta token of a table, so the next pull reads everything again. */
    public long resetDeltaTokens(StoreOperations ops, String table) {
        return ops.deleteWhere(T, new Predicate.And(List.of(OperationQueue.eq("tableName", table),
                OperationQueue.eq("kind", DELTA_TOKEN))));
    }

    private static String key(String table, String queryId) {
        return DELTA_TOKEN + "|" + table + "|" + queryId;
    }
}

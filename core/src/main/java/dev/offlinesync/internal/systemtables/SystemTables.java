package dev.offlinesync.internal.systemtables;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/** The engine's own tables, kept in the user's store through the SPI. */
public final class SystemTables {

    /** The operation queue: one row per queued operation. */
    public static final String OPERATIONS = "MS_TableOperations";
    /** Errors of rejected operations, keyed by operation id. */
    public static final String ERRORS = "MS_TableOperationErrors";
    /** Per-table settings such as delta tokens (pull cursors). */
    public static final String CONFIG = "MS_TableConfig";

    public static final TableDefinition OPERATIONS_TABLE = new TableDefinition(OPERATIONS, columns(
            "sequence", ColumnType.INTEGER,
            "tableName", ColumnType.STRING,
            "itemId", ColumnType.STRING,
            "kind", ColumnType.STRING,
            "state", ColumnType.STRING,
            "item", ColumnType.JSON,
            "owner", ColumnType.STRING,
            "sent", ColumnType.JSON,
            "failures", ColumnType.INTEGER,
            "retryAt", ColumnType.DATE,
            "recreate", ColumnType.BOOLEAN));

    public static final TableDefinition ERRORS_TABLE = new TableDefinition(ERRORS, columns(
            "tableName", ColumnType.STRING,
            "itemId", ColumnType.STRING,
            "kind", ColumnType.STRING,
            "reason", ColumnType.STRING,
            "status", ColumnType.INTEGER,
            "message", ColumnType.STRING,
            "clientItem", ColumnType.JSON,
            "serverItem", ColumnType.JSON,
            "createdAt", ColumnType.DATE,
            "token", ColumnType.STRING));

    public static final TableDefinition CONFIG_TABLE = new TableDefinition(CONFIG, columns(
            "tableName", ColumnType.STRING,
            "kind", ColumnType.STRING,
            "queryId", ColumnType.STRING,
            "value", ColumnType.STRING));

    private SystemTables() {
    }

    private static Map<String, ColumnType> columns(Object... pairs) {
        Map<String, ColumnType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ColumnType) pairs[i + 1]);
        }
        return map;
    }
}

package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The rows of the benchmark: a todo-like item of about 330 bytes (as JSON) with a random UUID id. */
final class BenchRows {

    static final String TABLE = "BenchItem";
    static final String CONFIG = "MS_TableConfig";

    /** The user's columns; a sync table adds createdAt, updatedAt and version. */
    static final Map<String, ColumnType> USER_COLUMNS = ordered("text", ColumnType.STRING,
            "complete", ColumnType.BOOLEAN, "priority", ColumnType.INTEGER, "score", ColumnType.REAL,
            "due", ColumnType.DATE);

    /** The table as a sync table has it, for writing pulled rows straight into a store. */
    static final TableDefinition SYNC_TABLE = new TableDefinition(TABLE, ordered("text", ColumnType.STRING,
            "complete", ColumnType.BOOLEAN, "priority", ColumnType.INTEGER, "score", ColumnType.REAL,
            "due", ColumnType.DATE, "createdAt", ColumnType.DATE, "updatedAt", ColumnType.DATE,
            "version", ColumnType.STRING));

    /** The engine's config table (delta tokens), which a pulled page commits with. */
    static final TableDefinition CONFIG_TABLE = new TableDefinition(CONFIG, ordered("tableName", ColumnType.STRING,
            "kind", ColumnType.STRING, "queryId", ColumnType.STRING, "value", ColumnType.STRING));

    private static final String FILLER = "Buy oat milk, bread and coffee on the way home; call the plumber about the"
            + " kitchen sink before Friday";
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00.000Z");

    private BenchRows() {
    }

    private static Map<String, ColumnType> ordered(Object... pairs) {
        Map<String, ColumnType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ColumnType) pairs[i + 1]);
        }
        return map;
    }

    static String randomId(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A local item without an id: the library makes a time-ordered UUID, as it does for apps. */
    static ObjectNode localItem(int n) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("text", "#" + n + " " + FILLER);
        item.put("complete", n % 3 == 0);
        item.put("priority", (long) (n % 5));
        item.put("score", n * 0.25);
        item.put("due", BASE.plusSeconds(n).toString());
        return item;
    }

    /** An item as another client inserted it on the server (the server adds the system columns). */
    static ObjectNode serverItem(Random random, int n) {
        ObjectNode item = localItem(n);
        item.put("id", randomId(random));
        return item;
    }

    /** A page of server rows: random UUIDs, updatedAt increasing as a pull receives them. */
    static List<Map<String, Object>> pulledPage(Random random, int first, int count) {
        List<Map<String, Object>> page = new ArrayList<>(count);
        for (int n = first; n < first + count; n++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", randomId(random));
            row.put("text", "#" + n + " " + FILLER);
            row.put("complete", n % 3 == 0);
            row.put("priority", (long) (n % 5));
            row.put("score", n * 0.25);
            row.put("due", BASE.plusSeconds(n));
            row.put("createdAt", BASE.plusMillis(n));
            row.put("updatedAt", BASE.plusMillis(n));
            row.put("version", Long.toString(1_000_000L + n, 36));
            page.add(row);
        }
        return page;
    }

    /** The cursor row a pulled page commits with. */
    static Map<String, Object> cursor(Map<String, Object> lastRow) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "deltaToken|" + TABLE + "|bench");
        row.put("tableName", TABLE);
        row.put("kind", "deltaToken");
        row.put("queryId", "bench");
        row.put("value", lastRow.get("updatedAt") + "|" + lastRow.get("id"));
        return row;
    }
}

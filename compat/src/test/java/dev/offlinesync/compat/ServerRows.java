package dev.offlinesync.compat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.SyncTable;

/**
 * Rows written straight into the Node server's SQLite file, in the server's own schema, as a bulk import or
 * another backend process would: not through the library, and much faster than thousands of POSTs. The server
 * serves them as it serves its own (see {@link NodeTableServer} for the schema).
 */
final class ServerRows {

    /** Rows per INSERT statement (7 parameters each; SQLite allows 32766). */
    private static final int ROWS_PER_STATEMENT = 500;

    private ServerRows() {
    }

    /** One TodoItem row as the server stores it: version '1', not deleted. */
    record Todo(String id, String text, boolean complete, Instant updatedAt) {
    }

    /**
     * Inserts {@code count} TodoItem rows made by {@code row} (given 0 .. count-1), in a few multi-row INSERTs.
     *
     * @return the ids inserted
     */
    static List<String> insertTodos(NodeTableServer server, int count, IntFunction<Todo> row) {
        List<String> ids = new ArrayList<>(count);
        for (int start = 0; start < count; start += ROWS_PER_STATEMENT) {
            int end = Math.min(count, start + ROWS_PER_STATEMENT);
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO TodoItem (id, text, complete, createdAt, updatedAt, version, deleted) VALUES ");
            List<Object> params = new ArrayList<>((end - start) * 7);
            for (int i = start; i < end; i++) {
                Todo todo = row.apply(i);
                sql.append(i == start ? "" : ",").append("(?, ?, ?, ?, ?, '1', 0)");
                String timestamp = NodeTableServer.sqlTimestamp(todo.updatedAt());
                params.addAll(List.of(todo.id(), todo.text(), todo.complete() ? 1 : 0, timestamp, timestamp));
                ids.add(todo.id());
            }
            int inserted = server.executeSql(sql.toString(), params.toArray());
            if (inserted != end - start) {
                throw new IllegalStateException("inserted " + inserted + " rows instead of " + (end - start));
            }
        }
        return ids;
    }

    /** Sets {@code updatedAt} of these TodoItems to one instant (the update trigger bumps their versions). */
    static int setUpdatedAt(NodeTableServer server, Collection<String> ids, Instant updatedAt) {
        int changed = 0;
        List<String> all = new ArrayList<>(ids);
        for (int start = 0; start < all.size(); start += ROWS_PER_STATEMENT) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>(chunk.size() + 1);
            params.add(NodeTableServer.sqlTimestamp(updatedAt));
            params.addAll(chunk);
            changed += server.executeSql("UPDATE TodoItem SET updatedAt = ? WHERE id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", params.toArray());
        }
        return changed;
    }

    /** Every live TodoItem on the server: id to "text|complete|version", the API's view of each row. */
    static Map<String, String> liveTodos(NodeTableServer server) {
        Map<String, String> rows = new TreeMap<>();
        for (Map<String, Object> row : server.querySql(
                "SELECT id, text, complete, version FROM TodoItem WHERE deleted = 0")) {
            rows.put((String) row.get("id"), row.get("text") + "|" + (((Number) row.get("complete")).intValue() == 1)
                    + "|" + row.get("version"));
        }
        return rows;
    }

    /** Every TodoItem of a device, in the form of {@link #liveTodos} (version decoded from its base64). */
    static Map<String, String> localTodos(SyncTable<ObjectNode> todos) {
        Map<String, String> rows = new TreeMap<>();
        for (ObjectNode item : todos.read(Query.all()).items()) {
            String version = new String(Base64.getDecoder().decode(item.path("version").asText()),
                    StandardCharsets.UTF_8);
            rows.put(item.get("id").asText(), item.path("text").asText() + "|" + item.path("complete").asBoolean()
                    + "|" + version);
        }
        return rows;
    }

    /** How many TodoItem rows the server holds, deleted or not. */
    static int countTodos(NodeTableServer server) {
        return ((Number) server.querySql("SELECT COUNT(*) AS n FROM TodoItem").get(0).get("n")).intValue();
    }
}

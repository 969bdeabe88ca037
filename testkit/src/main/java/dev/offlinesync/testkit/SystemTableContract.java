package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.offlinesync.spi.SortOrder.asc;
import static dev.offlinesync.spi.SortOrder.desc;
import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.and;
import static dev.offlinesync.testkit.Fixtures.columns;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.ids;
import static dev.offlinesync.testkit.Fixtures.query;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine keeps its operation queue, operation errors and config (delta tokens) in ordinary tables of
 * STRING and INTEGER columns, next to the user's tables. These tests use them the way the engine does.
 */
interface SystemTableContract extends StoreFixture {

    /** The engine's operation queue table. */
    String OPERATIONS = "MS_TableOperations";
    /** The engine's table of operation errors. */
    String ERRORS = "MS_TableOperationErrors";
    /** The engine's table of settings and delta tokens. */
    String CONFIG = "MS_TableConfig";

    private void defineSystemTables() {
        defineTodo();
        store().defineTable(new TableDefinition(OPERATIONS, columns("tableName", ColumnType.STRING,
                "itemId", ColumnType.STRING, "kind", ColumnType.STRING, "sequence", ColumnType.INTEGER,
                "state", ColumnType.INTEGER, "item", ColumnType.STRING)));
        store().defineTable(new TableDefinition(ERRORS, columns("operationId", ColumnType.STRING,
                "tableName", ColumnType.STRING, "itemId", ColumnType.STRING, "statusCode", ColumnType.INTEGER,
                "serverItem", ColumnType.STRING, "clientItem", ColumnType.STRING, "message", ColumnType.STRING)));
        store().defineTable(new TableDefinition(CONFIG, columns("tableName", ColumnType.STRING,
                "keyType", ColumnType.INTEGER, "key", ColumnType.STRING, "value", ColumnType.STRING)));
    }

    private static Map<String, Object> operation(String id, String table, String itemId, String kind, long sequence) {
        return row("id", id, "tableName", table, "itemId", itemId, "kind", kind, "sequence", sequence, "state", 0L,
                "item", "{\"id\":\"" + itemId + "\",\"text\":\"it's\"}");
    }

    /** The next sequence number, as the engine computes it: one more than the highest queued. */
    private static long nextSequence(StoreOperations ops) {
        ReadResult last = ops.read(query(OPERATIONS, null, List.of(desc("sequence")), 0, 1, false));
        return last.rows().isEmpty() ? 1L : (Long) last.rows().get(0).get("sequence") + 1;
    }

    /** Checks that system tables work alongside user tables. */
    @Test
    default void systemTablesWorkAlongsideUserTables() {
        defineSystemTables();
        save(TODO, row("id", "x", "text", "user row"));
        save(OPERATIONS, operation("op1", TODO, "x", "insert", 1L));
        save(ERRORS, row("id", "err1", "operationId", "op1", "tableName", TODO, "itemId", "x", "statusCode", 412L,
                "serverItem", "{\"id\":\"x\",\"version\":\"AAAB\"}", "message", "precondition failed"));
        save(CONFIG, row("id", "deltaToken|todo|all", "tableName", TODO, "keyType", 0L, "key", "all",
                "value", "2026-01-02T03:04:05.678Z"));

        assertEquals("user row", get(TODO, "x").get("text"));
        assertEquals("insert", get(OPERATIONS, "op1").get("kind"));
        assertEquals(412L, get(ERRORS, "err1").get("statusCode"));
        assertEquals("{\"id\":\"x\",\"version\":\"AAAB\"}", get(ERRORS, "err1").get("serverItem"));
        assertEquals("2026-01-02T03:04:05.678Z", get(CONFIG, "deltaToken|todo|all").get("value"));

        store().deleteWhere(TODO, null);
        assertEquals(List.of("op1"), idsWhere(OPERATIONS, null), "clearing a user table leaves the queue alone");
    }

    /** Checks that queue sequence orders numerically. */
    @Test
    default void queueSequenceOrdersNumerically() {
        defineSystemTables();
        save(OPERATIONS, List.of(operation("op10", TODO, "a", "update", 10L), operation("op2", TODO, "b", "insert", 2L),
                operation("op100", TODO, "c", "delete", 100L), operation("op1", TODO, "d", "insert", 1L),
                operation("op11", TODO, "e", "update", 11L)));

        assertEquals(List.of("op1", "op2", "op10", "op11", "op100"), idsOrderedBy(OPERATIONS, asc("sequence")));
        assertEquals(List.of("op1"), ids(store().read(query(OPERATIONS, null, List.of(asc("sequence")), 0, 1, false))),
                "the head of the queue");
        assertEquals(101L, store().transaction(SystemTableContract::nextSequence));
    }

    /** Checks that queue entries are found by table and item. */
    @Test
    default void queueEntriesAreFoundByTableAndItem() {
        defineSystemTables();
        save(OPERATIONS, List.of(operation("op1", TODO, "x", "insert", 1L), operation("op2", TODO, "y", "insert", 2L),
                operation("op3", "tags_table", "x", "update", 3L), operation("op4", TODO, "x'; --", "delete", 4L)));

        assertEquals(List.of("op1"), idsWhere(OPERATIONS, and(eq("tableName", TODO), eq("itemId", "x"))));
        assertEquals(List.of("op3"), idsWhere(OPERATIONS, and(eq("tableName", "tags_table"), eq("itemId", "x"))));
        assertEquals(List.of("op4"), idsWhere(OPERATIONS, and(eq("tableName", TODO), eq("itemId", "x'; --"))));
        assertEquals(List.of(), idsWhere(OPERATIONS, and(eq("tableName", TODO), eq("itemId", "z"))));
        ReadResult pendingForTodo = store().read(new StoreQuery(OPERATIONS, eq("tableName", TODO), List.of(), 0, 0,
                List.of(), true));
        assertEquals(3L, pendingForTodo.totalCount(), "pending operations of one table");
    }

    /** Checks that local write and its queue entry roll back together. */
    @Test
    default void localWriteAndItsQueueEntryRollBackTogether() {
        defineSystemTables();
        save(OPERATIONS, operation("op1", TODO, "first", "insert", 1L));

        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "x", "text", "local change")));
            ops.upsert(OPERATIONS, List.of(operation("op2", TODO, "x", "insert", nextSequence(ops))));
            throw new IllegalStateException("crash between the write and the commit");
        }));

        assertEquals(Optional.empty(), store().lookup(TODO, "x"));
        assertEquals(List.of("op1"), idsWhere(OPERATIONS, null));
    }

    /** Checks that local write and its queue entry commit together. */
    @Test
    default void localWriteAndItsQueueEntryCommitTogether() {
        defineSystemTables();
        save(OPERATIONS, operation("op1", TODO, "first", "insert", 1L));

        store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "x", "text", "local change")));
            ops.upsert(OPERATIONS, List.of(operation("op2", TODO, "x", "insert", nextSequence(ops))));
            ops.upsert(OPERATIONS, List.of(operation("op3", TODO, "y", "insert", nextSequence(ops))));
            return null;
        });

        assertEquals("local change", get(TODO, "x").get("text"));
        assertEquals(2L, get(OPERATIONS, "op2").get("sequence"));
        assertEquals(3L, get(OPERATIONS, "op3").get("sequence"));
    }

    /** Checks that delta tokens are replaced and reset per table. */
    @Test
    default void deltaTokensAreReplacedAndResetPerTable() {
        defineSystemTables();
        save(CONFIG, List.of(
                row("id", "deltaToken|todo|q1", "tableName", TODO, "keyType", 0L, "key", "q1", "value", "2026-01-01T00:00:00.000Z"),
                row("id", "deltaToken|todo|q2", "tableName", TODO, "keyType", 0L, "key", "q2", "value", "2026-01-01T00:00:00.000Z"),
                row("id", "deltaToken|tags_table|q1", "tableName", "tags_table", "keyType", 0L, "key", "q1", "value", "x")));

        save(CONFIG, row("id", "deltaToken|todo|q1", "tableName", TODO, "keyType", 0L, "key", "q1",
                "value", "2026-02-02T00:00:00.123Z|id-42"));

        assertEquals("2026-02-02T00:00:00.123Z|id-42", get(CONFIG, "deltaToken|todo|q1").get("value"));
        assertEquals(2L, store().deleteWhere(CONFIG, eq("tableName", TODO)), "a purge resets the table's tokens");
        assertEquals(List.of("deltaToken|tags_table|q1"), idsWhere(CONFIG, null));
    }
}

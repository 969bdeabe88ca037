package dev.offlinesync.testkit;

import dev.offlinesync.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.TODO_TABLE;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.list;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing, and for persistent stores reopening: the data of committed writes is there again after a
 * {@code defineTable}, which the engine calls on every start. The reopen tests skip themselves only when
 * {@link StoreContractTest#reopen} says the store is not persistent.
 */
interface LifecycleContract extends StoreFixture {

    private static Map<String, Object> rowOfEveryType() {
        return row("id", "every type", "text", "it's 100% 😀", "complete", true, "priority", Long.MIN_VALUE,
                "score", 0.1, "due", at("2026-01-02T03:04:05.678Z"),
                "tags", row("labels", list("a", 1L, 2.5, false, null), "when", at("1969-12-31T23:59:59.999Z")),
                "xString", "unknown", "xLong", 7L, "xDouble", 2.0, "xBoolean", false,
                "xInstant", at("2026-01-01T00:00:00.001Z"), "xMap", row("k", list()), "xList", list(row()));
    }

    @Test
    default void everyCallAfterCloseFailsWithStoreException() {
        defineTodo();
        save(TODO, row("id", "a"));
        SyncContextDataSource store = store();

        store.close();

        List<Runnable> calls = List.of(
                () -> store.lookup(TODO, "a"),
                () -> store.read(StoreQuery.all(TODO)),
                () -> store.upsert(TODO, List.of(row("id", "b"))),
                () -> store.delete(TODO, List.of("a")),
                () -> store.deleteWhere(TODO, eq("id", "a")),
                () -> store.defineTable(TODO_TABLE),
                () -> store.transaction(ops -> ops.lookup(TODO, "a")));
        for (Runnable call : calls) {
            StoreException e = assertThrows(StoreException.class, call::run);
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("closed"), "says the store is closed: " + e.getMessage());
        }
    }

    @Test
    default void closingTwiceIsHarmless() {
        defineTodo();

        store().close();
        store().close();

        assertThrows(StoreException.class, () -> store().lookup(TODO, "a"));
    }

    @Test
    default void dataWrittenBeforeCloseIsThereAfterReopen() {
        defineTodo();
        save(TODO, List.of(rowOfEveryType(), row("id", "plain", "text", "plain"), row("id", "gone")));
        store().delete(TODO, List.of("gone"));

        closeAndReopen();
        defineTodo();

        assertEquals(rowOfEveryType(), stored(TODO, "every type"));
        assertEquals("plain", get(TODO, "plain").get("text"));
        assertEquals(Optional.empty(), store().lookup(TODO, "gone"));
        assertEquals(2, store().read(StoreQuery.all(TODO)).rows().size());
    }

    @Test
    default void committedTransactionIsThereAfterReopenAndRolledBackOneIsNot() {
        defineTodo();
        save(TODO, row("id", "a", "text", "before"));
        store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "committed")));
            return null;
        });
        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "rolled back"), row("id", "a", "text", "changed")));
            throw new IllegalStateException("roll back");
        }));

        closeAndReopen();
        defineTodo();

        assertEquals(List.of("a", "committed"), idsWhere(TODO, null));
        assertEquals("before", get(TODO, "a").get("text"));
    }

    @Test
    default void addedColumnIsThereAfterReopen() {
        Map<String, ColumnType> columns = new LinkedHashMap<>(TODO_TABLE.columns());
        columns.put("location", ColumnType.STRING);
        TableDefinition upgraded = new TableDefinition(TODO, columns);
        defineTodo();
        save(TODO, row("id", "old", "text", "from version 1"));
        store().defineTable(upgraded);
        save(TODO, row("id", "new", "location", "home"));

        closeAndReopen();
        store().defineTable(upgraded);

        assertEquals(row("id", "old", "text", "from version 1"), stored(TODO, "old"));
        assertEquals(List.of("new"), idsWhere(TODO, eq("location", "home")));
    }
}

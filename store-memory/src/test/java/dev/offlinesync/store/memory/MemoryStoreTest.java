package dev.offlinesync.store.memory;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the memory store does where the SPI leaves the choice to the store. */
class MemoryStoreTest {

    private static final TableDefinition TODO = new TableDefinition("todo",
            Map.of("text", ColumnType.STRING, "priority", ColumnType.INTEGER, "due", ColumnType.DATE));

    private final MemoryStore store = new MemoryStore();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void wrongTypeMessageNamesTableColumnExpectedTypeAndActualClass() {
        store.defineTable(TODO);

        StoreException e = assertThrows(StoreException.class,
                () -> store.upsert("todo", List.of(Map.of("id", "a", "priority", 5))));

        assertEquals("column 'priority' of table todo is INTEGER and needs a java.lang.Long, got a java.lang.Integer",
                e.getMessage());
    }

    @Test
    void undefinedTableAndClosedStoreSayWhatToDo() {
        StoreException undefined = assertThrows(StoreException.class, () -> store.lookup("todo", "a"));
        assertEquals("table todo is not defined: call defineTable first", undefined.getMessage());

        store.close();
        StoreException closed = assertThrows(StoreException.class, () -> store.defineTable(TODO));
        assertTrue(closed.getMessage().startsWith("store is closed"), closed.getMessage());
    }

    @Test
    void instantsAreTruncatedToMilliseconds() {
        store.defineTable(TODO);

        store.upsert("todo", List.of(Map.of("id", "a", "due", Instant.parse("2026-01-02T03:04:05.678901234Z"),
                "extra", List.of(Instant.parse("2026-01-02T03:04:05.000999Z")))));

        Map<String, Object> row = store.lookup("todo", "a").orElseThrow();
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), row.get("due"));
        assertEquals(List.of(Instant.parse("2026-01-02T03:04:05Z")), row.get("extra"));
    }

    @Test
    void changingAColumnTypeFailsAndKeepsTheOldDefinition() {
        store.defineTable(TODO);

        StoreException e = assertThrows(StoreException.class, () -> store.defineTable(new TableDefinition("todo",
                Map.of("priority", ColumnType.STRING, "location", ColumnType.STRING))));

        assertEquals("column 'priority' of table todo is INTEGER; it cannot be redefined as STRING", e.getMessage());
        assertThrows(StoreException.class, () -> store.upsert("todo", List.of(Map.of("id", "a", "priority", "high"))));
        store.upsert("todo", List.of(Map.of("id", "a", "location", 5L)));
        assertEquals(5L, store.lookup("todo", "a").orElseThrow().get("location"), "location is still undefined");
    }

    @Test
    void addingAColumnThatRowsUseForAnotherTypeFails() {
        store.defineTable(TODO);
        store.upsert("todo", List.of(Map.of("id", "a", "estimate", "long")));

        assertThrows(StoreException.class, () -> store.defineTable(new TableDefinition("todo",
                Map.of("estimate", ColumnType.INTEGER))));

        assertEquals("long", store.lookup("todo", "a").orElseThrow().get("estimate"));
    }

    @Test
    void addingAColumnThatRowsUseForTheSameTypeAdoptsTheirValues() {
        store.defineTable(TODO);
        store.upsert("todo", List.of(Map.of("id", "a", "estimate", 30L)));

        store.defineTable(new TableDefinition("todo", Map.of("estimate", ColumnType.INTEGER)));

        assertEquals(30L, store.lookup("todo", "a").orElseThrow().get("estimate"));
        assertThrows(StoreException.class, () -> store.upsert("todo", List.of(Map.of("id", "b", "estimate", "x"))));
    }

    @Test
    void tableDefinedInARolledBackTransactionIsGone() {
        assertThrows(IllegalStateException.class, () -> store.transaction(ops -> {
            store.defineTable(TODO);
            ops.upsert("todo", List.of(Map.of("id", "a")));
            throw new IllegalStateException("roll back");
        }));

        assertThrows(StoreException.class, () -> store.lookup("todo", "a"));
    }

    @Test
    void nestedExceptionCaughtByTheOuterWorkKeepsTheNestedWrites() {
        store.defineTable(TODO);

        store.transaction(outer -> {
            assertThrows(IllegalStateException.class, () -> store.transaction(inner -> {
                inner.upsert("todo", List.of(Map.of("id", "inner")));
                throw new IllegalStateException("caught by the outer work");
            }));
            return null;
        });

        assertEquals(Optional.of("inner"), store.lookup("todo", "inner").map(row -> row.get("id")));
    }

    @Test
    void aNumberedRowLeavesTheCallersMapAsItWasAndSharesNothingWithIt() {
        store.defineTable(TODO);
        List<Object> tags = new ArrayList<>(List.of("home"));
        Map<String, Object> row = new HashMap<>(Map.of("id", "a", "text", "buy milk", "priority", 7L, "tags", tags));

        store.insertNumbered("todo", row, "priority", null);
        row.put("text", "changed");
        tags.add("work");

        assertEquals(Map.of("id", "a", "text", "changed", "priority", 7L, "tags", List.of("home", "work")), row,
                "the number is not written into the caller's map");
        Map<String, Object> stored = store.lookup("todo", "a").orElseThrow();
        assertEquals("buy milk", stored.get("text"));
        assertEquals(1L, stored.get("priority"));
        assertEquals(List.of("home"), stored.get("tags"));
    }
}

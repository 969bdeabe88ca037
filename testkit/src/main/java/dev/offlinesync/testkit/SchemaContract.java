package dev.offlinesync.testkit;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.offlinesync.spi.SortOrder.asc;
import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.TODO_TABLE;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.isNull;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Defining tables: idempotent, and upgradable with new columns without losing rows. Names that differ only in
 * case are refused by every store (SQL databases take them for the same name), so that an app behaves alike on
 * all of them.
 */
interface SchemaContract extends StoreFixture {

    /** The todo table with two more columns, as a later app version would define it. */
    private static TableDefinition todoWithMoreColumns() {
        Map<String, ColumnType> columns = new LinkedHashMap<>(TODO_TABLE.columns());
        columns.put("location", ColumnType.STRING);
        columns.put("estimate", ColumnType.INTEGER);
        return new TableDefinition(TODO, columns);
    }

    /** Checks that defining a table twice is harmless. */
    @Test
    default void definingATableTwiceIsHarmless() {
        defineTodo();
        save(TODO, row("id", "a", "text", "kept", "priority", 1L, "extra", "unknown kept"));

        defineTodo();
        defineTodo();

        assertEquals(row("id", "a", "text", "kept", "priority", 1L, "extra", "unknown kept"), stored(TODO, "a"));
        assertThrows(StoreException.class, () -> save(TODO, row("id", "b", "priority", "still type-checked")));
    }

    /** Checks that redefining with an added column keeps rows. */
    @Test
    default void redefiningWithAnAddedColumnKeepsRows() {
        defineTodo();
        save(TODO, List.of(row("id", "a", "text", "old row", "priority", 1L), row("id", "b", "text", "other")));

        store().defineTable(todoWithMoreColumns());

        assertEquals(row("id", "a", "text", "old row", "priority", 1L), stored(TODO, "a"));
        assertNull(get(TODO, "a").get("location"), "the new column is null in existing rows");
        assertEquals(List.of("a", "b"), idsWhere(TODO, isNull("estimate")));
    }

    /** Checks that added column can be written filtered and ordered. */
    @Test
    default void addedColumnCanBeWrittenFilteredAndOrdered() {
        defineTodo();
        save(TODO, row("id", "a", "text", "old row"));
        store().defineTable(todoWithMoreColumns());

        save(TODO, List.of(row("id", "b", "location", "home", "estimate", 30L), row("id", "c", "location", "work", "estimate", 5L)));

        assertEquals(List.of("b"), idsWhere(TODO, eq("location", "home")));
        assertEquals(List.of("a", "c", "b"), idsOrderedBy(TODO, asc("estimate")));
        assertThrows(StoreException.class, () -> save(TODO, row("id", "d", "estimate", 5)),
                "the added column is type-checked (an Integer is not a Long)");
    }

    /** Checks that tables are defined independently. */
    @Test
    default void tablesAreDefinedIndependently() {
        defineTodo();
        store().defineTable(new TableDefinition("other", Fixtures.columns("text", ColumnType.INTEGER)));

        save(TODO, row("id", "a", "text", "a string"));
        save("other", row("id", "a", "text", 5L));

        assertEquals("a string", get(TODO, "a").get("text"));
        assertEquals(5L, get("other", "a").get("text"));
        assertThrows(StoreException.class, () -> save("other", row("id", "b", "text", "a string")));
    }

    /** Checks that table with only an id works. */
    @Test
    default void tableWithOnlyAnIdWorks() {
        store().defineTable(new TableDefinition("bare", Map.of()));

        save("bare", row("id", "a", "anything", "kept as an unknown field"));

        assertEquals(row("id", "a", "anything", "kept as an unknown field"), stored("bare", "a"));
    }

    /** Checks that table names that differ only in case are refused. */
    @Test
    default void tableNamesThatDifferOnlyInCaseAreRefused() {
        defineTodo();
        save(TODO, row("id", "a", "text", "kept"));

        assertThrows(InvalidItemException.class, () -> store().defineTable(new TableDefinition("TODO", Map.of())));

        assertThrows(StoreException.class, () -> store().lookup("TODO", "a"), "the refused table is not defined");
        assertEquals(row("id", "a", "text", "kept"), stored(TODO, "a"));
    }

    /** Checks that column names that differ only in case are refused. */
    @Test
    default void columnNamesThatDifferOnlyInCaseAreRefused() {
        assertThrows(InvalidItemException.class, () -> store().defineTable(new TableDefinition("other",
                Fixtures.columns("name", ColumnType.STRING, "Name", ColumnType.INTEGER))));

        assertThrows(StoreException.class, () -> store().lookup("other", "a"), "the refused table is not defined");
    }

    /** Checks that adding a column that differs only in case from another is refused. */
    @Test
    default void addingAColumnThatDiffersOnlyInCaseFromAnotherIsRefused() {
        defineTodo();
        save(TODO, row("id", "a", "text", "kept"));
        Map<String, ColumnType> columns = new LinkedHashMap<>(TODO_TABLE.columns());
        columns.put("TEXT", ColumnType.INTEGER);

        assertThrows(InvalidItemException.class, () -> store().defineTable(new TableDefinition(TODO, columns)));

        save(TODO, row("id", "b", "TEXT", "not an INTEGER column: the definition is unchanged"));
        assertEquals(row("id", "b", "TEXT", "not an INTEGER column: the definition is unchanged"), stored(TODO, "b"));
        assertEquals(row("id", "a", "text", "kept"), stored(TODO, "a"));
    }
}

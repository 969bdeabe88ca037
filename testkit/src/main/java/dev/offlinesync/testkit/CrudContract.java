package dev.offlinesync.testkit;

import dev.offlinesync.spi.StoreQuery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.offlinesync.testkit.Fixtures.TAGS;
import static dev.offlinesync.testkit.Fixtures.TAGS_TABLE;
import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.gt;
import static dev.offlinesync.testkit.Fixtures.list;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lookup, upsert, delete and deleteWhere, and that rows cross the SPI as copies. */
interface CrudContract extends StoreFixture {

    /** Checks that lookup returns the stored row. */
    @Test
    default void lookupReturnsTheStoredRow() {
        defineTodo();
        save(TODO, row("id", "a", "text", "buy milk", "priority", 2L));

        assertEquals(row("id", "a", "text", "buy milk", "priority", 2L), stored(TODO, "a"));
    }

    /** Checks that lookup of an absent id is empty. */
    @Test
    default void lookupOfAnAbsentIdIsEmpty() {
        defineTodo();
        save(TODO, row("id", "a", "text", "buy milk"));

        assertEquals(Optional.empty(), store().lookup(TODO, "b"));
    }

    /** Checks that ids are case sensitive. */
    @Test
    default void idsAreCaseSensitive() {
        defineTodo();
        save(TODO, List.of(row("id", "abc", "text", "lower"), row("id", "ABC", "text", "upper")));

        assertEquals("lower", get(TODO, "abc").get("text"));
        assertEquals("upper", get(TODO, "ABC").get("text"));
        assertEquals(Optional.empty(), store().lookup(TODO, "Abc"));
    }

    /** Checks that ids with quotes percent comments and unicode round trip. */
    @Test
    default void idsWithQuotesPercentCommentsAndUnicodeRoundTrip() {
        defineTodo();
        List<String> ids = List.of("it's", "say \"hi\"", "100%", "a_b", "x--y", "a;b", "back\\slash", "日本", "😀", " ");
        for (String id : ids) {
            save(TODO, row("id", id, "text", "row " + id));
        }

        for (String id : ids) {
            assertEquals("row " + id, get(TODO, id).get("text"), "lookup of id " + id);
        }
        assertEquals(Optional.empty(), store().lookup(TODO, "100"), "% must not act as a wildcard");
        assertEquals(1L, store().delete(TODO, List.of("it's")));
        assertEquals(ids.size() - 1, store().read(StoreQuery.all(TODO)).rows().size());
    }

    /** Checks that upsert inserts a new row. */
    @Test
    default void upsertInsertsANewRow() {
        defineTodo();

        save(TODO, row("id", "a", "text", "first", "complete", false));

        assertEquals(row("id", "a", "text", "first", "complete", false), stored(TODO, "a"));
        assertEquals(1, store().read(StoreQuery.all(TODO)).rows().size());
    }

    /** Checks that upsert replaces whole row. */
    @Test
    default void upsertReplacesWholeRow() {
        defineTodo();
        save(TODO, row("id", "a", "text", "first", "priority", 1L, "score", 0.5, "extra", "unknown column"));

        save(TODO, row("id", "a", "text", "second"));

        Map<String, Object> row = get(TODO, "a");
        assertEquals("second", row.get("text"));
        assertNull(row.get("priority"), "a field absent from the new row becomes null");
        assertNull(row.get("score"), "a field absent from the new row becomes null");
        assertNull(row.get("extra"), "an unknown field absent from the new row is gone too");
        assertEquals(1, store().read(StoreQuery.all(TODO)).rows().size());
    }

    /** Checks that upsert with a null value clears the field. */
    @Test
    default void upsertWithANullValueClearsTheField() {
        defineTodo();
        save(TODO, row("id", "a", "text", "first"));

        save(TODO, row("id", "a", "text", null, "priority", 3L));

        assertEquals(row("id", "a", "priority", 3L), stored(TODO, "a"));
    }

    /** Checks that upsert writes a batch of inserts and replacements. */
    @Test
    default void upsertWritesABatchOfInsertsAndReplacements() {
        defineTodo();
        save(TODO, row("id", "b", "text", "old b"));

        save(TODO, List.of(row("id", "a", "text", "new a"), row("id", "b", "text", "new b"), row("id", "c", "text", "new c")));

        assertEquals("new a", get(TODO, "a").get("text"));
        assertEquals("new b", get(TODO, "b").get("text"));
        assertEquals("new c", get(TODO, "c").get("text"));
        assertEquals(3, store().read(StoreQuery.all(TODO)).rows().size());
    }

    /** Checks that later row of a batch wins when an id repeats. */
    @Test
    default void laterRowOfABatchWinsWhenAnIdRepeats() {
        defineTodo();

        save(TODO, List.of(row("id", "a", "text", "first", "priority", 1L), row("id", "a", "text", "second")));

        assertEquals(row("id", "a", "text", "second"), stored(TODO, "a"));
    }

    /** Checks that upsert of an empty batch changes nothing. */
    @Test
    default void upsertOfAnEmptyBatchChangesNothing() {
        defineTodo();
        save(TODO, row("id", "a", "text", "first"));

        store().upsert(TODO, List.of());

        assertEquals(List.of("a"), idsWhere(TODO, null));
    }

    /** Checks that same id in two tables is two rows. */
    @Test
    default void sameIdInTwoTablesIsTwoRows() {
        defineTodo();
        store().defineTable(TAGS_TABLE);
        save(TODO, row("id", "x", "text", "todo x"));
        save(TAGS, row("id", "x", "label", "tag x"));

        store().delete(TODO, List.of("x"));

        assertEquals(Optional.empty(), store().lookup(TODO, "x"));
        assertEquals("tag x", get(TAGS, "x").get("label"));
    }

    /** Checks that delete removes rows by id and returns the count. */
    @Test
    default void deleteRemovesRowsByIdAndReturnsTheCount() {
        defineTodo();
        save(TODO, List.of(row("id", "a"), row("id", "b"), row("id", "c")));

        assertEquals(2L, store().delete(TODO, List.of("a", "c")));

        assertEquals(List.of("b"), idsWhere(TODO, null));
    }

    /** Checks that delete ignores ids without a row. */
    @Test
    default void deleteIgnoresIdsWithoutARow() {
        defineTodo();
        save(TODO, List.of(row("id", "a"), row("id", "b")));

        assertEquals(1L, store().delete(TODO, List.of("missing", "a", "also missing")));
        assertEquals(0L, store().delete(TODO, List.of("a")), "a is already gone");

        assertEquals(List.of("b"), idsWhere(TODO, null));
    }

    /** Checks that delete counts a repeated id once. */
    @Test
    default void deleteCountsARepeatedIdOnce() {
        defineTodo();
        save(TODO, List.of(row("id", "a"), row("id", "b")));

        assertEquals(1L, store().delete(TODO, List.of("a", "a")));
    }

    /** Checks that delete of no ids deletes nothing. */
    @Test
    default void deleteOfNoIdsDeletesNothing() {
        defineTodo();
        save(TODO, row("id", "a"));

        assertEquals(0L, store().delete(TODO, List.of()));
        assertEquals(List.of("a"), idsWhere(TODO, null));
    }

    /** Checks that delete where removes only matching rows and returns the count. */
    @Test
    default void deleteWhereRemovesOnlyMatchingRowsAndReturnsTheCount() {
        defineTodo();
        save(TODO, List.of(row("id", "a", "priority", 1L), row("id", "b", "priority", 5L),
                row("id", "c", "priority", 9L), row("id", "d")));

        assertEquals(2L, store().deleteWhere(TODO, gt("priority", 3L)));

        assertEquals(List.of("a", "d"), idsWhere(TODO, null));
    }

    /** Checks that delete where matching nothing returns zero. */
    @Test
    default void deleteWhereMatchingNothingReturnsZero() {
        defineTodo();
        save(TODO, List.of(row("id", "a", "text", "x")));

        assertEquals(0L, store().deleteWhere(TODO, eq("text", "y")));
        assertEquals(List.of("a"), idsWhere(TODO, null));
    }

    /** Checks that delete where with null predicate deletes all rows. */
    @Test
    default void deleteWhereWithNullPredicateDeletesAllRows() {
        defineTodo();
        store().defineTable(TAGS_TABLE);
        save(TODO, List.of(row("id", "a"), row("id", "b"), row("id", "c")));
        save(TAGS, row("id", "t"));

        assertEquals(3L, store().deleteWhere(TODO, null));

        assertEquals(List.of(), idsWhere(TODO, null));
        assertEquals(List.of("t"), idsWhere(TAGS, null), "other tables are untouched");
    }

    /** Checks that rows returned are copies. */
    @Test
    default void rowsReturnedAreCopies() {
        defineTodo();
        save(TODO, row("id", "a", "text", "original", "tags", row("labels", list("x", "y"))));

        Map<String, Object> looked = get(TODO, "a");
        looked.put("text", "changed by caller");
        looked.put("priority", 99L);
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) looked.get("tags");
        tags.put("added", true);
        @SuppressWarnings("unchecked")
        List<Object> labels = (List<Object>) tags.get("labels");
        labels.add("z");
        Map<String, Object> read = store().read(StoreQuery.all(TODO)).rows().get(0);
        read.put("text", "changed through read");

        assertEquals(row("id", "a", "text", "original", "tags", row("labels", list("x", "y"))), stored(TODO, "a"));
    }

    /** Checks that mutating the map passed to upsert changes nothing stored. */
    @Test
    default void mutatingTheMapPassedToUpsertChangesNothingStored() {
        defineTodo();
        List<Object> labels = list("x");
        Map<String, Object> tags = row("labels", labels);
        Map<String, Object> written = row("id", "a", "text", "original", "tags", tags);
        List<Map<String, Object>> batch = new ArrayList<>(List.of(written));
        store().upsert(TODO, batch);

        written.put("text", "changed");
        written.put("due", at("2026-01-01T00:00:00Z"));
        tags.put("added", 1L);
        labels.add("y");
        batch.clear();

        assertEquals(row("id", "a", "text", "original", "tags", row("labels", list("x"))), stored(TODO, "a"));
    }

    /** Checks that rows returned belong to the caller and can be changed. */
    @Test
    default void rowsReturnedBelongToTheCallerAndCanBeChanged() {
        defineTodo();
        save(TODO, row("id", "a", "text", "original", "tags", row("labels", list("x"))));

        Map<String, Object> row = get(TODO, "a");
        row.put("text", "mine now");
        row.remove("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) row.get("tags");
        tags.put("more", "yes");

        assertEquals("mine now", row.get("text"));
        assertTrue(tags.containsKey("more"));
    }

    /**
     * Checks that insertIfAbsent inserts a new row, and leaves a row with the same id as it is (saying so); a refused
     * insert does not spoil the transaction it runs in.
     */
    @Test
    default void insertIfAbsentLeavesAnExistingRowAloneAndTheTransactionUsable() {
        defineTodo();
        save(TODO, row("id", "taken", "text", "first", "priority", 1L));

        boolean[] inserted = new boolean[2];
        store().transaction(ops -> {
            inserted[0] = ops.insertIfAbsent(TODO, row("id", "taken", "text", "second", "priority", 2L));
            inserted[1] = ops.insertIfAbsent(TODO, row("id", "new", "text", "it's new", "extra", "kept"));
            ops.upsert(TODO, List.of(row("id", "after", "text", "written after the refused insert")));
            return null;
        });

        assertEquals(false, inserted[0], "the id was taken");
        assertEquals(true, inserted[1]);
        assertEquals(row("id", "taken", "text", "first", "priority", 1L), stored(TODO, "taken"));
        assertEquals(row("id", "new", "text", "it's new", "extra", "kept"), stored(TODO, "new"));
        assertEquals("written after the refused insert", get(TODO, "after").get("text"));
    }
}

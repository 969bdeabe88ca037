package dev.offlinesync.testkit;

import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.Written;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.offlinesync.testkit.Fixtures.row;
import static dev.offlinesync.testkit.VersionedWriteContract.SYNCED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code upsertChanged} with ids and versions a server may send that a store could confuse: ids that differ only in
 * case or in trailing blanks are different items, and a stored row without a version (a local insert not pushed yet)
 * is another version than any the server sends.
 */
interface VersionedWriteIdsContract extends StoreFixture {

    /** Checks that ids differing only in case are different rows: neither is taken for the other. */
    @Test
    default void idsDifferingOnlyInCaseAreDifferentRows() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "one", "version", "v1", "text", "lower"));

        List<Written> written = store().upsertChanged(SYNCED.name(), List.of(
                row("id", "ONE", "version", "v1", "text", "upper"),
                row("id", "One", "version", "v2", "text", "mixed"),
                row("id", "one", "version", "v1", "text", "lower, again")), "version");

        assertEquals(List.of(Written.INSERTED, Written.INSERTED, Written.UNCHANGED), written);
        assertEquals("upper", get(SYNCED.name(), "ONE").get("text"));
        assertEquals("mixed", get(SYNCED.name(), "One").get("text"));
        assertEquals("lower", get(SYNCED.name(), "one").get("text"));
    }

    /** Checks that ids differing only in trailing blanks are different rows. */
    @Test
    default void idsDifferingOnlyInTrailingBlanksAreDifferentRows() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "a", "version", "v1", "text", "plain"));

        List<Written> written = store().upsertChanged(SYNCED.name(), List.of(
                row("id", "a ", "version", "v2", "text", "padded"),
                row("id", "a", "version", "v1", "text", "plain, again")), "version");

        assertEquals(List.of(Written.INSERTED, Written.UNCHANGED), written);
        assertEquals("padded", get(SYNCED.name(), "a ").get("text"));
        assertEquals("plain", get(SYNCED.name(), "a").get("text"));
    }

    /** Checks that a stored row without a version is updated by a row with one. */
    @Test
    default void aStoredRowWithoutVersionIsUpdatedByARowWithOne() {
        store().defineTable(SYNCED);
        Map<String, Object> local = row("id", "new", "text", "local");
        save(SYNCED.name(), local);

        List<Written> written = store().upsertChanged(SYNCED.name(),
                List.of(row("id", "new", "version", "v1", "text", "server")), "version");

        assertEquals(List.of(Written.UPDATED), written);
        assertEquals(Map.of("id", "new", "version", "v1", "text", "server"), stored(SYNCED.name(), "new"));
    }

    /** Checks that versions differing only in case are different versions (base64 is case-sensitive). */
    @Test
    default void versionsDifferingOnlyInCaseAreDifferentVersions() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "x", "version", "AAAAAAAAB9E=", "text", "before"));

        List<Written> written = store().upsertChanged(SYNCED.name(),
                List.of(row("id", "x", "version", "AAAAAAAAb9e=", "text", "after")), "version");

        assertEquals(List.of(Written.UPDATED), written);
        assertEquals("after", get(SYNCED.name(), "x").get("text"));
    }

    /** Checks that a local insert's insertIfAbsent takes an id differing only in case or blanks for a new one. */
    @Test
    default void insertIfAbsentTakesIdsDifferingOnlyInCaseOrBlanksForNewOnes() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "one", "text", "lower"));

        boolean[] inserted = store().transaction(ops -> new boolean[] {
                ops.insertIfAbsent(SYNCED.name(), row("id", "ONE", "text", "upper")),
                ops.insertIfAbsent(SYNCED.name(), row("id", "one ", "text", "padded")),
                ops.insertIfAbsent(SYNCED.name(), row("id", "one", "text", "again"))});

        assertEquals(List.of(true, true, false), List.of(inserted[0], inserted[1], inserted[2]));
        assertEquals("lower", get(SYNCED.name(), "one").get("text"));
        assertEquals("upper", get(SYNCED.name(), "ONE").get("text"));
    }

    /** Checks that a numbered write's {@code unless} on an item id does not match an id differing only in case. */
    @Test
    default void aNumberedWritesUnlessDoesNotMatchAnIdDifferingOnlyInCase() {
        store().defineTable(NumberingContract.QUEUE);
        NumberingContract.queueEntry(store(), "first");
        Predicate sameItem = new Predicate.Comparison("itemId", Predicate.Op.EQ, "ITEM FIRST");

        boolean written = store().transaction(ops -> ops.insertNumbered(NumberingContract.QUEUE.name(),
                row("id", "second", "itemId", "ITEM FIRST"), "sequence", sameItem));

        assertEquals(true, written, "'item first' is queued, 'ITEM FIRST' is not");
        assertEquals(List.of(1L, 2L), NumberingContract.numbers(store()));
    }
}

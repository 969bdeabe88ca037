package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.spi.Written;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.offlinesync.testkit.Fixtures.columns;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link StoreOperations#upsertChanged}: a pull writes each page of the server's rows with it and reports, from what
 * it returns, which rows were inserted, which updated and which it left alone because the stored row has the
 * server's version already.
 */
interface VersionedWriteContract extends StoreFixture {

    /** A synced table: its version is a column, as the engine defines every synced table. */
    TableDefinition SYNCED = new TableDefinition("synced_items", columns("version", ColumnType.STRING,
            "text", ColumnType.STRING, "priority", ColumnType.INTEGER));

    /** Checks that a row whose id no row has is inserted, with every field as given. */
    @Test
    default void aNewRowIsInsertedAndWritten() {
        store().defineTable(SYNCED);
        List<Written> written = store().upsertChanged(SYNCED.name(),
                List.of(row("id", "new", "version", "v1", "text", "hello", "priority", 3L, "note", "extra")),
                "version");

        assertEquals(List.of(Written.INSERTED), written);
        assertEquals(Map.of("id", "new", "version", "v1", "text", "hello", "priority", 3L, "note", "extra"),
                stored(SYNCED.name(), "new"));
    }

    /** Checks that a row stored with the same version is left as it is, even where the given row differs. */
    @Test
    default void aRowOfTheStoredVersionIsUnchangedAndNotWritten() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "same", "version", "v1", "text", "local", "priority", 1L));

        List<Written> written = store().upsertChanged(SYNCED.name(),
                List.of(row("id", "same", "version", "v1", "text", "other", "note", "extra")), "version");

        assertEquals(List.of(Written.UNCHANGED), written);
        assertEquals(Map.of("id", "same", "version", "v1", "text", "local", "priority", 1L),
                stored(SYNCED.name(), "same"));
    }

    /** Checks that a row stored with another version is wholly replaced: fields the row lacks become null. */
    @Test
    default void aRowOfAnotherVersionIsUpdatedAndReplacesTheStoredOne() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "old", "version", "v1", "text", "local", "priority", 1L, "note", "extra"));

        List<Written> written = store().upsertChanged(SYNCED.name(),
                List.of(row("id", "old", "version", "v2", "text", "server")), "version");

        assertEquals(List.of(Written.UPDATED), written);
        assertEquals(Map.of("id", "old", "version", "v2", "text", "server"), stored(SYNCED.name(), "old"));
    }

    /**
     * Checks one call with rows of every kind, not in id order: each is told apart, in the order given, and a stored
     * row without a version counts as another version.
     */
    @Test
    default void rowsOfEveryKindInOneCallAreEachToldApartInTheirOrder() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), List.of(row("id", "b-same", "version", "1", "text", "kept"),
                row("id", "d-changed", "version", "1", "text", "before"),
                row("id", "a-unversioned", "version", null, "text", "local")));

        List<Written> written = store().upsertChanged(SYNCED.name(), List.of(
                row("id", "e-new", "version", "1", "text", "inserted"),
                row("id", "d-changed", "version", "2", "text", "after"),
                row("id", "b-same", "version", "1", "text", "ignored"),
                row("id", "a-unversioned", "version", "1", "text", "server"),
                row("id", "c-new", "version", "7")), "version");

        assertEquals(List.of(Written.INSERTED, Written.UPDATED, Written.UNCHANGED, Written.UPDATED, Written.INSERTED),
                written);
        assertEquals("inserted", get(SYNCED.name(), "e-new").get("text"));
        assertEquals("after", get(SYNCED.name(), "d-changed").get("text"));
        assertEquals("kept", get(SYNCED.name(), "b-same").get("text"));
        assertEquals("server", get(SYNCED.name(), "a-unversioned").get("text"));
        assertEquals("7", get(SYNCED.name(), "c-new").get("version"));
        assertEquals(List.of("a-unversioned", "b-same", "c-new", "d-changed", "e-new"), idsWhere(SYNCED.name(), null));
    }

    /**
     * Checks writes that follow writes of mostly new rows (after which a store may try the insert first) and of
     * mostly changed rows: every kind is still told apart, in the order given, and written as it should be.
     */
    @Test
    default void rowsOfEveryKindAreToldApartAfterWritesOfNewRowsAndOfChangedRows() {
        store().defineTable(SYNCED);
        assertEquals(List.of(Written.INSERTED, Written.INSERTED, Written.INSERTED), store().upsertChanged(
                SYNCED.name(), List.of(row("id", "a", "version", "1", "text", "a1"),
                        row("id", "b", "version", "1", "text", "b1"), row("id", "c", "version", "1")), "version"));

        List<Written> afterNew = store().upsertChanged(SYNCED.name(), List.of(
                row("id", "d", "version", "1", "text", "d1"), row("id", "a", "version", "2", "text", "a2"),
                row("id", "b", "version", "1", "text", "ignored"), row("id", "e", "version", "1")), "version");
        assertEquals(List.of(Written.INSERTED, Written.UPDATED, Written.UNCHANGED, Written.INSERTED), afterNew);

        assertEquals(List.of(Written.UPDATED, Written.UPDATED, Written.UPDATED), store().upsertChanged(SYNCED.name(),
                List.of(row("id", "c", "version", "2"), row("id", "d", "version", "2", "text", "d2"),
                        row("id", "e", "version", "2")), "version"));
        List<Written> afterChanged = store().upsertChanged(SYNCED.name(), List.of(
                row("id", "f", "version", "1", "text", "f1"), row("id", "a", "version", "3", "text", "a3"),
                row("id", "d", "version", "2", "text", "ignored")), "version");
        assertEquals(List.of(Written.INSERTED, Written.UPDATED, Written.UNCHANGED), afterChanged);

        assertEquals("a3", get(SYNCED.name(), "a").get("text"));
        assertEquals("b1", get(SYNCED.name(), "b").get("text"));
        assertEquals("d2", get(SYNCED.name(), "d").get("text"));
        assertEquals("f1", get(SYNCED.name(), "f").get("text"));
        assertEquals("2", get(SYNCED.name(), "e").get("version"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), idsWhere(SYNCED.name(), null));
    }

    /** Checks that the writes of a transaction that rolls back are undone: new rows gone, updated rows restored. */
    @Test
    default void versionedWritesRollBackWithTheirTransaction() {
        store().defineTable(SYNCED);
        save(SYNCED.name(), row("id", "old", "version", "v1", "text", "before"));

        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            assertEquals(List.of(Written.UPDATED, Written.INSERTED), ops.upsertChanged(SYNCED.name(),
                    List.of(row("id", "old", "version", "v2", "text", "after"), row("id", "new", "version", "v1")),
                    "version"));
            throw new IllegalStateException("the page's cursor could not be saved");
        }));

        assertEquals(Map.of("id", "old", "version", "v1", "text", "before"), stored(SYNCED.name(), "old"));
        assertFalse(store().lookup(SYNCED.name(), "new").isPresent(), "the inserted row was rolled back");
    }

    /** Checks that a version kept as a field the definition does not name is compared all the same. */
    @Test
    default void aVersionTheDefinitionDoesNotNameIsComparedAllTheSame() {
        store().defineTable(Fixtures.TAGS_TABLE);
        save(Fixtures.TAGS, List.of(row("id", "same", "label", "local", "etag", "1"),
                row("id", "changed", "label", "local", "etag", "1")));

        List<Written> written = store().upsertChanged(Fixtures.TAGS, List.of(
                row("id", "same", "label", "server", "etag", "1"), row("id", "changed", "label", "server", "etag", "2"),
                row("id", "new", "etag", "1")), "etag");

        assertEquals(List.of(Written.UNCHANGED, Written.UPDATED, Written.INSERTED), written);
        assertEquals("local", get(Fixtures.TAGS, "same").get("label"));
        assertEquals("server", get(Fixtures.TAGS, "changed").get("label"));
    }

    /** Checks that rows without a version, or with an id twice, are refused before anything is written. */
    @Test
    default void rowsWithoutAVersionOrWithAnIdTwiceAreRefusedAndNothingIsWritten() {
        store().defineTable(SYNCED);
        assertThrows(StoreException.class, () -> store().upsertChanged(SYNCED.name(),
                List.of(row("id", "first", "version", "1"), row("id", "unversioned", "text", "x")), "version"));
        assertThrows(StoreException.class, () -> store().upsertChanged(SYNCED.name(), List.of(
                row("id", "twice", "version", "1"), row("id", "other", "version", "1"),
                row("id", "twice", "version", "2")), "version"));

        assertEquals(List.of(), idsWhere(SYNCED.name(), null));
        assertEquals(List.of(), store().upsertChanged(SYNCED.name(), List.of(), "version"));
    }
}

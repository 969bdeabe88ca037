package dev.offlinesync.testkit;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.TODO_TABLE;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing: every later call fails with a {@link StoreException} that says the store is closed. Reopening is
 * {@link PersistenceContract}'s subject.
 */
interface LifecycleContract extends StoreFixture {

    /** Checks that every call after close fails with store exception. */
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

    /** Checks that closing twice is harmless. */
    @Test
    default void closingTwiceIsHarmless() {
        defineTodo();

        store().close();
        store().close();

        assertThrows(StoreException.class, () -> store().lookup(TODO, "a"));
    }
}

package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.TODO_TABLE;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.list;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Persistence: after {@code close()} and opening the same data again (and the {@code defineTable} the engine
 * calls on every start), committed writes are there and rolled-back ones are not. Run by
 * {@link PersistentStoreContractTest}.
 */
interface PersistenceContract extends StoreFixture {

    /** Closes the store and opens it again on the same data. */
    SyncContextDataSource closeAndReopen();

    /** Opens a second store on the same data while the test's store stays open (closed after the test). */
    SyncContextDataSource openSecondStore();

    /**
     * Checks that numbered writes of two stores sharing one database count on from each other's commits: neither
     * keeps a number of its own, so two clients or processes on one database never queue under the same number.
     */
    @Test
    default void numberedWritesOfTwoStoresOnOneDatabaseNeverShareANumber() {
        SyncContextDataSource second = openSecondStore();
        store().defineTable(NumberingContract.QUEUE);
        second.defineTable(NumberingContract.QUEUE);
        for (int i = 0; i < 5; i++) {
            NumberingContract.queueEntry(store(), "first-" + i);
            NumberingContract.queueEntry(second, "second-" + i);
        }
        NumberingContract.queueEntry(second, "second-5");
        NumberingContract.queueEntry(store(), "first-5");

        assertEquals(NumberingContract.oneTo(12), NumberingContract.numbers(store()));
        assertEquals(NumberingContract.numbers(store()), NumberingContract.numbers(second));
        assertEquals(10L, get(NumberingContract.QUEUE.name(), "second-4").get("sequence"));
        assertEquals(11L, get(NumberingContract.QUEUE.name(), "second-5").get("sequence"));
        assertEquals(12L, get(NumberingContract.QUEUE.name(), "first-5").get("sequence"));
    }

    /**
     * Checks that two stores on one database writing numbered rows at the same time never share a number.
     *
     * @throws InterruptedException when interrupted while waiting for the writing threads
     */
    @Test
    default void numberedWritesOfTwoStoresWritingAtOnceNeverShareANumber() throws InterruptedException {
        SyncContextDataSource second = openSecondStore();
        store().defineTable(NumberingContract.QUEUE);
        second.defineTable(NumberingContract.QUEUE);
        ExecutorService pool = Fixtures.daemonPool(2, "two-stores");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SyncContextDataSource each : List.of(store(), second)) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        NumberingContract.queueEntry(each, (each == second ? "second-" : "first-") + i);
                    }
                }));
            }
            Fixtures.joinAll(futures);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(NumberingContract.oneTo(80), NumberingContract.numbers(store()));
    }

    private static Map<String, Object> rowOfEveryType() {
        return row("id", "every type", "text", "it's 100% 😀", "complete", true, "priority", Long.MIN_VALUE,
                "score", 0.1, "due", at("2026-01-02T03:04:05.678Z"),
                "tags", row("labels", list("a", 1L, 2.5, false, null), "when", at("1969-12-31T23:59:59.999Z")),
                "xString", "unknown", "xLong", 7L, "xDouble", 2.0, "xBoolean", false,
                "xInstant", at("2026-01-01T00:00:00.001Z"), "xMap", row("k", list()), "xList", list(row()));
    }

    /** Checks that data written before close is there after reopen. */
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

    /** Checks that committed transaction is there after reopen and rolled back one is not. */
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

    /** Checks that added column is there after reopen. */
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

package dev.offlinesync.testkit;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.offlinesync.testkit.Fixtures.TAGS;
import static dev.offlinesync.testkit.Fixtures.TAGS_TABLE;
import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.await;
import static dev.offlinesync.testkit.Fixtures.daemonPool;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.gt;
import static dev.offlinesync.testkit.Fixtures.ids;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transactions: commit together, roll back together, see their own writes, nest by joining, isolate. */
interface TransactionContract extends StoreFixture {

    private void saveBefore() {
        defineTodo();
        store().defineTable(TAGS_TABLE);
        save(TODO, List.of(row("id", "a", "text", "alpha", "priority", 1L), row("id", "b", "text", "beta", "priority", 2L),
                row("id", "c", "text", "gamma", "priority", 9L), row("id", "d", "text", "delta", "priority", 3L)));
        save(TAGS, row("id", "t1", "label", "home", "uses", 1L));
    }

    /** Upserts, replaces, deletes and deletes by filter, in two tables. */
    private static void writeEverything(StoreOperations ops) {
        ops.upsert(TODO, List.of(row("id", "e", "text", "epsilon", "priority", 4L)));
        ops.upsert(TODO, List.of(row("id", "a", "text", "alpha changed")));
        assertEquals(1L, ops.delete(TODO, List.of("b")));
        assertEquals(1L, ops.deleteWhere(TODO, gt("priority", 5L)));
        ops.upsert(TAGS, List.of(row("id", "t2", "label", "work", "uses", 2L), row("id", "t1", "label", "home", "uses", 5L)));
    }

    /** Checks that transaction returns the value of its work. */
    @Test
    default void transactionReturnsTheValueOfItsWork() {
        defineTodo();

        String value = store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "a")));
            return "done";
        });

        assertEquals("done", value);
        assertNull(store().transaction(ops -> null));
    }

    /** Checks that commit makes every write visible. */
    @Test
    default void commitMakesEveryWriteVisible() {
        saveBefore();

        store().transaction(ops -> {
            writeEverything(ops);
            return null;
        });

        assertEquals(List.of("a", "d", "e"), idsWhere(TODO, null));
        assertEquals("alpha changed", get(TODO, "a").get("text"));
        assertNull(get(TODO, "a").get("priority"));
        assertEquals(List.of("t1", "t2"), idsWhere(TAGS, null));
        assertEquals(5L, get(TAGS, "t1").get("uses"));
    }

    /** Checks that exception rolls back every write and is rethrown unchanged. */
    @Test
    default void exceptionRollsBackEveryWriteAndIsRethrownUnchanged() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);
        List<Map<String, Object>> tagsBefore = snapshot(TAGS);
        IllegalStateException failure = new IllegalStateException("work failed");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            writeEverything(ops);
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals(todoBefore, snapshot(TODO));
        assertEquals(tagsBefore, snapshot(TAGS));
    }

    /** Checks that error thrown by work rolls back too. */
    @Test
    default void errorThrownByWorkRollsBackToo() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);
        Error failure = new AssertionError("an Error, not an Exception");

        Error thrown = assertThrows(AssertionError.class, () -> store().transaction(ops -> {
            writeEverything(ops);
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals(todoBefore, snapshot(TODO));
    }

    /** Checks that store failure inside a transaction rolls back earlier writes. */
    @Test
    default void storeFailureInsideATransactionRollsBackEarlierWrites() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);

        assertThrows(StoreException.class, () -> store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "new", "text", "fine")));
            ops.delete(TODO, List.of("a"));
            ops.upsert(TODO, List.of(row("id", "bad", "priority", "not a number")));
            return null;
        }));

        assertEquals(todoBefore, snapshot(TODO));
    }

    /** Checks that rollback restores a row changed several times in one transaction. */
    @Test
    default void rollbackRestoresARowChangedSeveralTimesInOneTransaction() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);

        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            ops.delete(TODO, List.of("a"));
            ops.upsert(TODO, List.of(row("id", "a", "text", "recreated")));
            ops.upsert(TODO, List.of(row("id", "a", "text", "again"), row("id", "z", "text", "new")));
            ops.deleteWhere(TODO, null);
            ops.upsert(TODO, List.of(row("id", "z", "text", "back")));
            throw new IllegalStateException("undo all of it");
        }));

        assertEquals(todoBefore, snapshot(TODO));
    }

    /** Checks that reads inside a transaction see its own writes. */
    @Test
    default void readsInsideATransactionSeeItsOwnWrites() {
        saveBefore();

        List<String> seen = store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "e", "text", "epsilon")));
            ops.delete(TODO, List.of("b"));
            ops.deleteWhere(TODO, eq("text", "gamma"));
            assertEquals("epsilon", ops.lookup(TODO, "e").orElseThrow().get("text"));
            assertEquals(Optional.empty(), ops.lookup(TODO, "b"));
            ReadResult counted = ops.read(new StoreQuery(TODO, null, List.of(), 0, 0, List.of(), true));
            assertEquals(3L, counted.totalCount());
            return ids(ops.read(StoreQuery.where(TODO, eq("text", "epsilon"))));
        });

        assertEquals(List.of("e"), seen);
    }

    /** Checks that nested transaction joins the outer one. */
    @Test
    default void nestedTransactionJoinsTheOuterOne() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);

        assertThrows(IllegalStateException.class, () -> store().transaction(outer -> {
            outer.upsert(TODO, List.of(row("id", "outer")));
            boolean innerSawOuter = store().transaction(inner -> {
                inner.upsert(TODO, List.of(row("id", "inner")));
                return inner.lookup(TODO, "outer").isPresent();
            });
            assertTrue(innerSawOuter, "the nested transaction sees the outer one's writes");
            assertTrue(outer.lookup(TODO, "inner").isPresent(), "the outer one sees the nested one's writes");
            throw new IllegalStateException("the outer transaction fails after the nested one returned");
        }));

        assertEquals(todoBefore, snapshot(TODO), "the nested transaction's writes are rolled back with the outer");
    }

    /** Checks that exception from a nested transaction rolls back everything. */
    @Test
    default void exceptionFromANestedTransactionRollsBackEverything() {
        saveBefore();
        List<Map<String, Object>> todoBefore = snapshot(TODO);
        IllegalArgumentException failure = new IllegalArgumentException("inner failure");

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> store().transaction(outer -> {
            outer.upsert(TODO, List.of(row("id", "outer")));
            return store().transaction(inner -> {
                inner.delete(TODO, List.of("a"));
                throw failure;
            });
        }));

        assertSame(failure, thrown);
        assertEquals(todoBefore, snapshot(TODO));
    }

    /** Checks that nested transactions commit with the outer one. */
    @Test
    default void nestedTransactionsCommitWithTheOuterOne() {
        saveBefore();

        store().transaction(outer -> {
            outer.upsert(TODO, List.of(row("id", "outer")));
            return store().transaction(inner -> {
                inner.upsert(TODO, List.of(row("id", "inner")));
                return null;
            });
        });

        assertEquals(List.of("a", "b", "c", "d", "inner", "outer"), idsWhere(TODO, null));
    }

    /**
     * Checks that store is usable from other threads after a rollback.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void storeIsUsableFromOtherThreadsAfterARollback() throws Exception {
        saveBefore();
        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "x")));
            throw new IllegalStateException("roll back");
        }));
        ExecutorService other = daemonPool(1, "after-rollback");
        try {
            Future<Long> deleted = other.submit(() -> {
                save(TODO, row("id", "y"));
                return store().delete(TODO, List.of("a"));
            });
            assertEquals(1L, deleted.get(30, TimeUnit.SECONDS), "a rolled-back transaction must release the store");
        } finally {
            other.shutdownNow();
        }
        assertEquals(List.of("b", "c", "d", "y"), idsWhere(TODO, null));
    }

    /**
     * Checks that other threads do not see uncommitted writes.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void otherThreadsDoNotSeeUncommittedWrites() throws Exception {
        saveBefore();
        ExecutorService other = daemonPool(1, "isolation-reader");
        AtomicReference<Future<List<Object>>> otherRead = new AtomicReference<>();
        try {
            assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
                ops.upsert(TODO, List.of(row("id", "secret", "text", "uncommitted")));
                ops.upsert(TODO, List.of(row("id", "a", "text", "uncommitted change")));
                CountDownLatch readDone = new CountDownLatch(1);
                otherRead.set(other.submit(() -> {
                    try {
                        return List.of(store().lookup(TODO, "secret").isPresent(),
                                store().lookup(TODO, "a").orElseThrow().get("text"));
                    } finally {
                        readDone.countDown();
                    }
                }));
                // A store may make the other thread wait for this transaction, or let it read the last commit.
                await(readDone, 300);
                throw new IllegalStateException("never commit");
            }));
            assertEquals(List.of(false, "alpha"), otherRead.get().get(30, TimeUnit.SECONDS),
                    "another thread saw a write of a transaction that never committed");
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * Checks that other threads see writes once committed.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void otherThreadsSeeWritesOnceCommitted() throws Exception {
        defineTodo();
        store().transaction(ops -> {
            ops.upsert(TODO, List.of(row("id", "shared", "text", "committed")));
            return null;
        });
        ExecutorService other = daemonPool(1, "after-commit");
        try {
            Future<Optional<Map<String, Object>>> read = other.submit(() -> store().lookup(TODO, "shared"));
            assertEquals("committed", read.get(30, TimeUnit.SECONDS).orElseThrow().get("text"));
        } finally {
            other.shutdownNow();
        }
    }
}

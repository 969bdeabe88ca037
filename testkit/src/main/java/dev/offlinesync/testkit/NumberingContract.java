package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static dev.offlinesync.spi.SortOrder.asc;
import static dev.offlinesync.testkit.Fixtures.columns;
import static dev.offlinesync.testkit.Fixtures.daemonPool;
import static dev.offlinesync.testkit.Fixtures.joinAll;
import static dev.offlinesync.testkit.Fixtures.query;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StoreOperations#insertNumbered}: the engine numbers its queue entries with it, inside the transaction of
 * the local write they belong to, so the numbers must be one more than the highest stored, distinct and growing,
 * whichever thread or store sharing the database writes.
 */
interface NumberingContract extends StoreFixture {

    /** A queue-like table numbered by {@code sequence}. */
    TableDefinition QUEUE = new TableDefinition("numbered_queue", columns("sequence", ColumnType.INTEGER,
            "itemId", ColumnType.STRING));
    /** Threads writing at once. */
    int THREADS = 4;
    /** Numbered writes per thread, each its own transaction. */
    int WRITES_PER_THREAD = 25;

    /** Writes one numbered entry in its own transaction, as a local write queues its operation. */
    static void queueEntry(SyncContextDataSource store, String id) {
        store.transaction(ops -> {
            ops.insertNumbered(QUEUE.name(), row("id", id, "itemId", "item " + id), "sequence", null);
            return null;
        });
    }

    /** The sequence numbers of the stored entries, in number order. */
    static List<Long> numbers(SyncContextDataSource store) {
        List<Long> numbers = new ArrayList<>();
        for (Map<String, Object> row : store.read(query(QUEUE.name(), null, List.of(asc("sequence")), 0, -1, false))
                .rows()) {
            numbers.add((Long) row.get("sequence"));
        }
        return numbers;
    }

    /** 1 to {@code count}. */
    static List<Long> oneTo(long count) {
        return LongStream.rangeClosed(1, count).boxed().toList();
    }

    /** Checks that a numbered write takes one more than the highest number stored, whatever the row carried. */
    @Test
    default void numberedWriteTakesOneMoreThanTheHighestStored() {
        store().defineTable(QUEUE);
        store().insertNumbered(QUEUE.name(), row("id", "first", "sequence", 40L), "sequence", null);
        assertEquals(1L, get(QUEUE.name(), "first").get("sequence"), "an empty table starts at 1");

        save(QUEUE.name(), List.of(row("id", "high", "sequence", 100L), row("id", "unnumbered", "sequence", null)));
        store().insertNumbered(QUEUE.name(), row("id", "next", "itemId", "x'; --"), "sequence", null);

        assertEquals(101L, get(QUEUE.name(), "next").get("sequence"));
        assertEquals("x'; --", get(QUEUE.name(), "next").get("itemId"));
    }

    /** Checks that a numbered write is skipped when a row matches its condition, and then takes no number. */
    @Test
    default void numberedWriteIsSkippedWhenARowMatchesItsCondition() {
        store().defineTable(QUEUE);
        queueEntry(store(), "a");
        boolean[] written = new boolean[3];
        store().transaction(ops -> {
            written[0] = ops.insertNumbered(QUEUE.name(), row("id", "b", "itemId", "item a"), "sequence",
                    Fixtures.eq("itemId", "item a"));
            written[1] = ops.insertNumbered(QUEUE.name(), row("id", "c", "itemId", "item c"), "sequence",
                    Fixtures.and(Fixtures.eq("itemId", "item c"), Fixtures.eq("sequence", 1L)));
            written[2] = ops.insertNumbered(QUEUE.name(), row("id", "d", "itemId", "it's d"), "sequence",
                    Fixtures.eq("itemId", "it's d"));
            return null;
        });

        assertEquals(false, written[0], "item a has an entry");
        assertEquals(true, written[1]);
        assertEquals(true, written[2]);
        assertEquals(List.of(1L, 2L, 3L), numbers(store()));
        assertEquals(3L, get(QUEUE.name(), "d").get("sequence"));
        assertEquals(List.of("a", "c", "d"),
                Fixtures.ids(store().read(query(QUEUE.name(), null, List.of(asc("sequence")), 0, -1, false))));
    }

    /** Checks that numbered writes of one transaction count on from each other and roll back together. */
    @Test
    default void numberedWritesOfOneTransactionCountOnAndRollBackTogether() {
        store().defineTable(QUEUE);
        queueEntry(store(), "a");
        assertThrows(IllegalStateException.class, () -> store().transaction(ops -> {
            ops.insertNumbered(QUEUE.name(), row("id", "b"), "sequence", null);
            ops.insertNumbered(QUEUE.name(), row("id", "c"), "sequence", null);
            assertEquals(3L, ops.lookup(QUEUE.name(), "c").orElseThrow().get("sequence"));
            throw new IllegalStateException("the local write failed after queueing");
        }));
        store().transaction(ops -> {
            ops.insertNumbered(QUEUE.name(), row("id", "d"), "sequence", null);
            ops.insertNumbered(QUEUE.name(), row("id", "e"), "sequence", null);
            return null;
        });

        assertEquals(2L, get(QUEUE.name(), "d").get("sequence"), "rolled-back numbers are free again");
        assertEquals(3L, get(QUEUE.name(), "e").get("sequence"));
        assertEquals(List.of("a", "d", "e"),
                Fixtures.ids(store().read(query(QUEUE.name(), null, List.of(asc("sequence")), 0, -1, false))));
    }

    /**
     * Checks that numbered writes of threads writing at once never share a number and leave no gap.
     *
     * @throws InterruptedException when interrupted while waiting for the writing threads
     */
    @Test
    default void numberedWritesOfConcurrentThreadsNeverShareANumber() throws InterruptedException {
        store().defineTable(QUEUE);
        ExecutorService pool = daemonPool(THREADS, "numbering");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        queueEntry(store(), thread + "-" + i);
                    }
                }));
            }
            joinAll(futures);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(oneTo(THREADS * WRITES_PER_THREAD), numbers(store()));
        assertEquals(THREADS * WRITES_PER_THREAD, store().read(StoreQuery.all(QUEUE.name())).rows().size());
        for (int t = 0; t < THREADS; t++) {
            long previous = 0;
            for (int i = 0; i < WRITES_PER_THREAD; i++) {
                long number = (Long) get(QUEUE.name(), t + "-" + i).get("sequence");
                assertTrue(number > previous, "a thread's later write got a lower number: " + number);
                previous = number;
            }
        }
    }
}

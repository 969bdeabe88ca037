package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.columns;
import static dev.offlinesync.testkit.Fixtures.daemonPool;
import static dev.offlinesync.testkit.Fixtures.joinAll;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Several threads at once: nothing is lost, transactions are atomic to other threads. Each test is bounded in
 * time, so a deadlock fails instead of hanging the build.
 */
interface ConcurrencyContract extends StoreFixture {

    /** Threads that write at once. */
    int WRITERS = 8;
    /** Rows each writer writes. */
    int ROWS_PER_WRITER = 200;
    /** The most a test may take; a deadlock fails it then. */
    Duration TIME_LIMIT = Duration.ofSeconds(60);
    /** A table of accounts whose balances transfers move between. */
    TableDefinition ACCOUNTS = new TableDefinition("accounts", columns("balance", ColumnType.INTEGER));

    /** Runs the tasks on their own threads, all released at once, and waits for all of them. */
    private void runTogether(List<Callable<Void>> tasks) {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            ExecutorService pool = daemonPool(tasks.size(), "contract-worker");
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Void>> futures = new ArrayList<>();
                for (Callable<Void> task : tasks) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return task.call();
                    }));
                }
                start.countDown();
                joinAll(futures);
            } finally {
                pool.shutdownNow();
            }
        }, "the store deadlocked or is far too slow");
    }

    /** {@link #WRITERS} threads upserting rows one by one, then counting down {@code done}. */
    private List<Callable<Void>> writers(CountDownLatch done) {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            tasks.add(() -> {
                for (int i = 0; i < ROWS_PER_WRITER; i++) {
                    save(TODO, row("id", writer + "-" + i, "text", "writer " + writer, "priority", (long) i));
                }
                done.countDown();
                return null;
            });
        }
        return tasks;
    }

    /** Two threads reading the whole table until the writers are done; every row they see must be whole. */
    private List<Callable<Void>> readers(CountDownLatch writersDone) {
        Callable<Void> reader = () -> {
            do {
                for (Map<String, Object> row : store().read(StoreQuery.all(TODO)).rows()) {
                    String[] parts = ((String) row.get("id")).split("-");
                    assertEquals("writer " + parts[0], row.get("text"), "a row seen half written");
                    assertEquals(Long.parseLong(parts[1]), row.get("priority"), "a row seen half written");
                }
            } while (writersDone.getCount() > 0);
            return null;
        };
        return List.of(reader, reader);
    }

    private void assertEveryWriterRowIsThere() {
        List<Map<String, Object>> rows = store().read(StoreQuery.all(TODO)).rows();
        assertEquals(WRITERS * ROWS_PER_WRITER, rows.size());
        for (Map<String, Object> row : rows) {
            String[] parts = ((String) row.get("id")).split("-");
            assertEquals("writer " + parts[0], row.get("text"));
            assertEquals(Long.parseLong(parts[1]), row.get("priority"));
        }
    }

    /** Moves one unit between the accounts, reading and writing both in one transaction. */
    private static Void transfer(StoreOperations ops, String from, String to) {
        long fromBalance = (Long) ops.lookup(ACCOUNTS.name(), from).orElseThrow().get("balance");
        long toBalance = (Long) ops.lookup(ACCOUNTS.name(), to).orElseThrow().get("balance");
        ops.upsert(ACCOUNTS.name(), List.of(row("id", from, "balance", fromBalance - 1)));
        ops.upsert(ACCOUNTS.name(), List.of(row("id", to, "balance", toBalance + 1)));
        return null;
    }

    private long sumOfBalances(StoreOperations ops) {
        return (Long) ops.lookup(ACCOUNTS.name(), "A").orElseThrow().get("balance")
                + (Long) ops.lookup(ACCOUNTS.name(), "B").orElseThrow().get("balance");
    }

    /** Checks that concurrent writers lose nothing. */
    @Test
    default void concurrentWritersLoseNothing() {
        defineTodo();
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        List<Callable<Void>> tasks = new ArrayList<>(writers(writersDone));
        tasks.addAll(readers(writersDone));

        runTogether(tasks);

        assertEveryWriterRowIsThere();
    }

    /** Checks that other threads see each batch upsert and delete whole or not at all. */
    @Test
    default void otherThreadsSeeEachBatchUpsertAndDeleteWholeOrNotAtAll() {
        defineTodo();
        CountDownLatch writersDone = new CountDownLatch(4);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            tasks.add(() -> {
                for (int i = 0; i < 100; i++) {
                    String group = writer + "-" + i;
                    save(TODO, List.of(row("id", group + "-a", "text", group), row("id", group + "-b", "text", group),
                            row("id", group + "-c", "text", group)));
                    if (i > 0) {
                        String previous = writer + "-" + (i - 1);
                        store().delete(TODO, List.of(previous + "-a", previous + "-b", previous + "-c"));
                    }
                }
                writersDone.countDown();
                return null;
            });
        }
        for (int r = 0; r < 2; r++) {
            tasks.add(() -> {
                do {
                    Map<Object, Long> rowsPerGroup = store().read(StoreQuery.all(TODO)).rows().stream()
                            .collect(Collectors.groupingBy(row -> row.get("text"), Collectors.counting()));
                    rowsPerGroup.forEach((group, count) -> assertEquals(3L, count,
                            "another thread saw part of the batch of group " + group));
                } while (writersDone.getCount() > 0);
                return null;
            });
        }

        runTogether(tasks);

        assertEquals(List.of("0-99-a", "0-99-b", "0-99-c", "1-99-a", "1-99-b", "1-99-c", "2-99-a", "2-99-b", "2-99-c",
                "3-99-a", "3-99-b", "3-99-c"), idsWhere(TODO, null));
    }

    /** Checks that concurrent increments in transactions lose no update. */
    @Test
    default void concurrentIncrementsInTransactionsLoseNoUpdate() {
        store().defineTable(ACCOUNTS);
        save(ACCOUNTS.name(), row("id", "counter", "balance", 0L));
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(() -> {
                for (int i = 0; i < 100; i++) {
                    store().transaction(ops -> {
                        long value = (Long) ops.lookup(ACCOUNTS.name(), "counter").orElseThrow().get("balance");
                        ops.upsert(ACCOUNTS.name(), List.of(row("id", "counter", "balance", value + 1)));
                        return null;
                    });
                }
                return null;
            });
        }

        runTogether(tasks);

        assertEquals(800L, get(ACCOUNTS.name(), "counter").get("balance"));
    }

    /** Checks that concurrent writers and transfers lose nothing and keep the invariant. */
    @Test
    default void concurrentWritersAndTransfersLoseNothingAndKeepTheInvariant() {
        defineTodo();
        store().defineTable(ACCOUNTS);
        save(ACCOUNTS.name(), List.of(row("id", "A", "balance", 1000L), row("id", "B", "balance", 1000L)));
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        List<Callable<Void>> tasks = new ArrayList<>(writers(writersDone));
        tasks.addAll(readers(writersDone));
        for (int t = 0; t < 4; t++) {
            String from = t < 3 ? "A" : "B";
            String to = t < 3 ? "B" : "A";
            tasks.add(() -> {
                for (int i = 0; i < 100; i++) {
                    store().transaction(ops -> transfer(ops, from, to));
                }
                return null;
            });
        }
        for (int t = 0; t < 2; t++) {
            tasks.add(() -> {
                for (int i = 0; i < 100; i++) {
                    assertEquals(2000L, (long) store().transaction(this::sumOfBalances),
                            "a transaction saw another one half done");
                }
                return null;
            });
        }

        runTogether(tasks);

        assertEveryWriterRowIsThere();
        assertEquals(800L, get(ACCOUNTS.name(), "A").get("balance"), "3 threads x 100 moved A->B, 1 x 100 B->A");
        assertEquals(1200L, get(ACCOUNTS.name(), "B").get("balance"));
    }
}

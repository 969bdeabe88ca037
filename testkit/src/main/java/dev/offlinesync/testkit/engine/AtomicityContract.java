package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A local write and its queue entry, and a pulled page and its cursor, commit together or not at all. */
public interface AtomicityContract extends EngineFixture {

    /**
     * A client whose store (the store under test) can be made to fail.
     *
     * @param handle switches the store's failures on and off
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(FailingStoreHandle handle);

    /** Lets a test switch failures of the wrapped store on and off. */
    final class FailingStoreHandle {
        FailingStoreHandle() {
        }

        FailingStore store;
        /** Changes to the client's builder (a delegate, a push parallelism), applied by {@code newClient}. */
        UnaryOperator<SyncClient.Builder> configure = UnaryOperator.identity();

        FailingStoreHandle configure(UnaryOperator<SyncClient.Builder> changes) {
            this.configure = changes;
            return this;
        }

        void failWritesTo(String table) {
            store.failWritesTo(table);
        }

        void heal() {
            store.heal();
        }

        int commits() {
            return store.commits();
        }

        int writesTo(String table) {
            return store.writesTo(table);
        }

        int statements() {
            return store.statements();
        }

        void failNextCommit() {
            store.failNextCommit();
        }

        void runNextTransactionTwice() {
            store.runNextTransactionTwice();
        }
    }

    /** Checks that a push result counts no operation whose outcome failed to commit. */
    @Test
    default void aPushResultCountsNoOperationWhoseOutcomeFailedToCommit() {
        for (int parallelism : new int[] {1, 4}) {
            FailingStoreHandle handle = new FailingStoreHandle();
            SyncClient failing = newClient(handle.configure(builder -> builder.pushParallelism(parallelism)
                    .delegate(new SyncContextDelegate() {
                        @Override
                        public ObjectNode onOperation(TableOperation operation) {
                            ObjectNode answer = operation.execute();
                            if (operation.itemId().endsWith("-b")) {
                                handle.failNextCommit(); // the transaction that applies this answer
                            }
                            return answer;
                        }
                    })));
            SyncTable<ObjectNode> table = failing.table("TodoItem");
            table.insert(item(parallelism + "-a", "first", false));
            table.insert(item(parallelism + "-b", "second", false));

            PushFailedException failure = assertThrows(PushFailedException.class,
                    () -> await(failing.syncContext().push()));

            assertEquals(PushResult.AbortReason.STORE, failure.result().abortReason());
            long stillQueued = failing.syncContext().pendingOperationCount();
            assertTrue(stillQueued >= 1, "the answer whose commit failed is not applied");
            assertEquals(2 - stillQueued, failure.result().completedOperations(),
                    "completed operations at parallelism " + parallelism);
        }
    }

    /** Checks that a push result counts each operation once when the store runs a transaction twice. */
    @Test
    default void aPushResultCountsEachOperationOnceWhenTheStoreRunsATransactionTwice() {
        for (int parallelism : new int[] {1, 4}) {
            service().clearFaults();
            FailingStoreHandle handle = new FailingStoreHandle();
            SyncClient retrying = newClient(handle.configure(builder -> builder.pushParallelism(parallelism)
                    .delegate(new SyncContextDelegate() {
                        @Override
                        public ObjectNode onOperation(TableOperation operation) {
                            try {
                                return operation.execute();
                            } finally {
                                handle.runNextTransactionTwice(); // the transaction that applies this outcome
                            }
                        }
                    })));
            SyncTable<ObjectNode> table = retrying.table("TodoItem");
            table.insert(item(parallelism + "-a", "first", false));
            table.insert(item(parallelism + "-b", "second", false));
            service().failNextRequests(1, 400); // one of them is rejected and parked

            PushResult result = assertThrows(PushFailedException.class,
                    () -> await(retrying.syncContext().push())).result();

            assertEquals(1, result.completedOperations(), "completed at parallelism " + parallelism);
            assertEquals(1, result.errors().size(), "errors at parallelism " + parallelism + ": " + result.errors());
            assertEquals(1, retrying.syncContext().pendingOperationCount());
        }
    }

    /** Checks that each pushed operation costs one commit. */
    @Test
    default void eachPushedOperationCostsOneCommit() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient counted = newClient(handle);
        SyncTable<ObjectNode> table = counted.table("TodoItem");

        int[] commitsPerPush = new int[2];
        int[] sizes = {3, 8};
        for (int push = 0; push < sizes.length; push++) {
            for (int i = 0; i < sizes[push]; i++) {
                table.insert(item("push" + push + "-" + i, "item " + i, false));
            }
            int before = handle.commits();
            assertEquals(sizes[push], await(counted.syncContext().push()).completedOperations());
            commitsPerPush[push] = handle.commits() - before;
        }

        // the body of each operation is committed before it is sent, together with the outcome of the one before
        assertEquals(sizes[1] - sizes[0], commitsPerPush[1] - commitsPerPush[0],
                "commits of a push of " + sizes[0] + " and of " + sizes[1] + ": " + commitsPerPush[0] + ", "
                        + commitsPerPush[1]);
        assertTrue(commitsPerPush[0] <= sizes[0] + 3, commitsPerPush[0] + " commits for " + sizes[0] + " operations");
    }

    /**
     * Checks what each pushed insert costs in store statements: the item's queued operations read (the answer is
     * written only when no newer edit is queued), the operation deleted, the server's answer written, the next
     * operation read, its row read and its body recorded. No lookup before writing the answer (the push read the row
     * when it took the operation) and no delete of an error the operation does not have.
     */
    @Test
    default void eachPushedInsertCostsSixStatements() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient counted = newClient(handle);
        SyncTable<ObjectNode> table = counted.table("TodoItem");

        int[] statementsPerPush = new int[2];
        int[] sizes = {3, 8};
        for (int push = 0; push < sizes.length; push++) {
            for (int i = 0; i < sizes[push]; i++) {
                table.insert(item("count" + push + "-" + i, "item " + i, false));
            }
            int before = handle.statements();
            assertEquals(sizes[push], await(counted.syncContext().push()).completedOperations());
            statementsPerPush[push] = handle.statements() - before;
        }

        int perOperation = (statementsPerPush[1] - statementsPerPush[0]) / (sizes[1] - sizes[0]);
        assertEquals(6, perOperation, "statements of a push of " + sizes[0] + " and of " + sizes[1] + ": "
                + statementsPerPush[0] + ", " + statementsPerPush[1]);
    }

    /**
     * Checks that a parallel push takes the operations that fill its window together: one read of the queue and one
     * write of their bodies, not one of each per operation. A push of 8 inserts at parallelism 8 costs at most 29
     * statements more than a push of one: per further operation its row read when taken, and its queued operations
     * read and the answer written when applied — 3 × 7 — plus the deletes of the answered operations (one per group
     * of answers applied together, 7 more at most) and one read of the queue in a later transaction that finds
     * nothing left. Of those, the writes to the queue: the bodies in one write, the deletes one per group.
     */
    @Test
    default void aParallelPushTakesTheOperationsThatFillItsWindowTogether() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient counted = newClient(handle.configure(builder -> builder.pushParallelism(8)));
        SyncTable<ObjectNode> table = counted.table("TodoItem");

        int[] statementsPerPush = new int[2];
        int[] queueWritesPerPush = new int[2];
        int[] sizes = {1, 8};
        for (int push = 0; push < sizes.length; push++) {
            for (int i = 0; i < sizes[push]; i++) {
                table.insert(item("window" + push + "-" + i, "item " + i, false));
            }
            int statements = handle.statements();
            int queueWrites = handle.writesTo("MS_TableOperations");
            assertEquals(sizes[push], await(counted.syncContext().push()).completedOperations());
            statementsPerPush[push] = handle.statements() - statements;
            queueWritesPerPush[push] = handle.writesTo("MS_TableOperations") - queueWrites;
        }

        String counts = "statements of a parallel push of 1 and of 8: " + statementsPerPush[0] + ", "
                + statementsPerPush[1] + "; writes to the queue: " + queueWritesPerPush[0] + ", " + queueWritesPerPush[1];
        assertTrue(statementsPerPush[1] - statementsPerPush[0] <= 7 * 3 + 7 + 1, counts);
        assertTrue(queueWritesPerPush[1] - queueWritesPerPush[0] <= 7, counts);
        assertTrue(counted.syncContext().pendingOperations().isEmpty());
    }

    /** Checks that a push writes its lease when it starts and ends, not for each operation. */
    @Test
    default void aPushWritesItsLeaseWhenItStartsAndEndsNotForEachOperation() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient counted = newClient(handle);
        SyncTable<ObjectNode> table = counted.table("TodoItem");
        for (int i = 0; i < 8; i++) {
            table.insert(item("lease" + i, "item " + i, false));
        }
        int before = handle.writesTo("MS_TableConfig");

        assertEquals(8, await(counted.syncContext().push()).completedOperations());

        int writes = handle.writesTo("MS_TableConfig") - before;
        // taken, renewed when the walk of the queue starts, given up
        assertTrue(writes <= 3, writes + " writes of the lease for a push of 8 operations");
    }

    /** Checks that a local write whose queue entry fails leaves no row change. */
    @Test
    default void aLocalWriteWhoseQueueEntryFailsLeavesNoRowChange() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<ObjectNode> table = failing.table("TodoItem");
        table.insert(item("kept", "before the failure", false));
        await(failing.syncContext().push());
        table.insert(item("queued", "insert queued", false));

        handle.failWritesTo("MS_TableOperations");
        assertThrows(StoreException.class, () -> table.insert(item("lost", "insert", false)));
        assertThrows(StoreException.class, () -> table.insert(item(null, "insert without an id", false)));
        assertThrows(StoreException.class, () -> table.update(item("kept", "update", true)));
        assertThrows(StoreException.class, () -> table.deleteById("kept"));
        assertThrows(StoreException.class, () -> table.deleteById("queued"), "removing the queued insert fails too");
        handle.heal();

        assertTrue(table.lookup("lost").isEmpty(), "no row without its operation");
        assertEquals(2, table.read(Query.all()).items().size(), "no row of the insert without an id either");
        assertEquals("before the failure", table.lookup("kept").orElseThrow().get("text").asText());
        assertTrue(table.lookup("queued").isPresent());
        assertEquals(List.of("INSERT queued"), queue(failing));
    }

    /**
     * Checks that an insert without an id queues its operation without looking for the item's queued ones: the
     * random UUID it gets cannot name one. Counted through the store interface's own two-step writes: an insert with
     * an id reads the item's operations before numbering its entry, one without does not.
     */
    @Test
    default void anInsertWithoutAnIdDoesNotLookForQueuedOperationsOfItsItem() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient counted = newClient(handle);
        SyncTable<ObjectNode> table = counted.table("TodoItem");
        table.insert(item("warm-up", "first", false));

        int before = handle.statements();
        table.insert(item("given", "with an id", false));
        int withId = handle.statements() - before;
        before = handle.statements();
        String made = table.insert(item(null, "without an id", false)).get("id").asText();
        int withoutId = handle.statements() - before;

        assertEquals(withId - 1, withoutId, "statements of an insert with an id and without");
        assertEquals(List.of("INSERT warm-up", "INSERT given", "INSERT " + made), queue(counted));
        assertEquals("without an id", table.lookup(made).orElseThrow().get("text").asText());
    }

    /** Checks that a store failure while applying a push aborts it and keeps the operation. */
    @Test
    default void aStoreFailureWhileApplyingAPushAbortsItAndKeepsTheOperation() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<ObjectNode> table = failing.table("TodoItem");
        table.insert(item("a", "mine", false));
        handle.failWritesTo("TodoItem");
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(failing.syncContext().push()));
        assertEquals(PushResult.AbortReason.STORE, failure.result().abortReason());
        handle.heal();
        assertEquals(List.of("INSERT a"), queue(failing));
        assertTrue(failing.syncContext().pendingOperations().stream().noneMatch(op -> op.inFlight()));
    }

    /** Checks that a page that cannot be stored leaves neither rows nor cursor. */
    @Test
    default void aPageThatCannotBeStoredLeavesNeitherRowsNorCursor() {
        for (int i = 0; i < 4; i++) {
            service().insertDirect("TodoItem", item("r" + i, "row " + i, false));
        }
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<ObjectNode> table = failing.table("TodoItem");
        handle.failWritesTo("MS_TableConfig");
        assertThrows(StoreException.class, () -> await(table.pull(Query.all(), "q", PullOptions.defaults().withPageSize(2))));
        assertEquals(0, table.read(Query.all()).items().size(), "the page's rows rolled back with its cursor");
        handle.heal();
        assertEquals(4, await(table.pull(Query.all(), "q")).received());
    }
}

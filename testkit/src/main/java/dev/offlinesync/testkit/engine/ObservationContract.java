package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.QueryResult;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.Subscription;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncStatus;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableChange;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.testkit.engine.AtomicityContract.FailingStoreHandle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Watching sync: the status, change listeners and live queries. Deliveries come on the callback executor, after
 * commit, merged while a listener is busy; sync never waits for them.
 */
public interface ObservationContract extends EngineFixture {

    /**
     * A client of the store under test, configured further by the test.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /**
     * A client whose store (the store under test) can be made to fail.
     *
     * @param handle switches the store's failures on and off
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(FailingStoreHandle handle);

    /**
     * Takes deliveries until one matches (30 s at most).
     *
     * @param <T>        what is delivered
     * @param deliveries the queue the listener fills
     * @param wanted     the delivery to wait for
     * @return the matching delivery
     */
    static <T> T next(BlockingQueue<T> deliveries, Predicate<T> wanted) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                T value = deliveries.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (value == null) {
                    throw new AssertionError("no matching delivery within 30 s");
                }
                if (wanted.test(value)) {
                    return value;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits (30 s at most) until the latch is released, failing the test otherwise.
     *
     * @param latch the latch
     */
    static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "not reached within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Checks that a change listener never sees a change before it is committed. */
    @Test
    default void aChangeListenerNeverSeesAChangeBeforeItIsCommitted() {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        List<String> all = new CopyOnWriteArrayList<>();
        SyncTable<ObjectNode> table = todos();
        Subscription subscription = table.addChangeListener(change -> change.inserted().forEach(id -> {
            String reported = id + (table.lookup(id).isPresent() ? "" : " (not visible)");
            all.add(reported);
            seen.add(reported);
        }));
        try {
            for (int i = 0; i < 20; i++) {
                table.insert(item("item-" + i, "text", false));
            }
            table.insert(item("last", "text", false));
            for (int i = 0; i < 21; i++) { // one merged change may hold several ids, in any order
                next(seen, id -> true);
            }
        } finally {
            subscription.close();
        }
        assertEquals(21, all.stream().distinct().count(), "each insert reported once: " + all);
        assertEquals(21, all.size(), "each insert reported once: " + all);
        List<String> invisible = all.stream().filter(s -> s.endsWith("(not visible)")).toList();
        assertTrue(invisible.isEmpty(), "reported before their commit: " + invisible);
    }

    /** Checks that rolled back work never notifies. */
    @Test
    default void rolledBackWorkNeverNotifies() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<ObjectNode> table = failing.table("TodoItem");
        BlockingQueue<TableChange> changes = new LinkedBlockingQueue<>();
        Subscription subscription = table.addChangeListener(changes::add);
        try {
            handle.failWritesTo("MS_TableOperations");
            assertThrows(StoreException.class, () -> table.insert(item("lost", "rolled back", false)));
            handle.heal();
            table.insert(item("kept", "committed", false));
            TableChange change = next(changes, c -> true);
            assertEquals(Set.of("kept"), change.inserted(), "the rolled-back insert is never reported");
        } finally {
            subscription.close();
        }
    }

    /** Checks that changes say where they came from. */
    @Test
    default void changesSayWhereTheyCameFrom() {
        BlockingQueue<TableChange> changes = new LinkedBlockingQueue<>();
        Subscription subscription = todos().addChangeListener(changes::add);
        try {
            todos().insert(item("mine", "local", false));
            assertEquals(Set.of("mine"), next(changes, c -> c.origin() == Origin.LOCAL_WRITE).inserted());
            await(client().syncContext().push());
            assertEquals(Set.of("mine"), next(changes, c -> c.origin() == Origin.PUSH_ANSWER).updated());
            service().insertDirect("TodoItem", item("theirs", "from the server", false));
            await(todos().pull(Query.all(), null));
            assertEquals(Set.of("theirs"), next(changes, c -> c.origin() == Origin.PULL).inserted());
            conflicting("c");
            assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
            client().syncContext().errors().get(0).cancelAndUpdate(serverItem("c"));
            assertEquals(Set.of("c"), next(changes, c -> c.origin() == Origin.RESOLUTION).updated());
            client().syncContext().errors().forEach(e -> e.cancelAndDiscard());
            await(todos().purge(Query.all()));
            assertEquals(Set.of("mine", "theirs", "c"), next(changes, c -> c.origin() == Origin.PURGE).deleted());
        } finally {
            subscription.close();
        }
    }

    /** Checks that a closed subscription gets nothing. */
    @Test
    default void aClosedSubscriptionGetsNothing() {
        BlockingQueue<TableChange> closedOnes = new LinkedBlockingQueue<>();
        BlockingQueue<TableChange> openOnes = new LinkedBlockingQueue<>();
        BlockingQueue<SyncStatus> closedStatus = new LinkedBlockingQueue<>();
        Subscription closed = todos().addChangeListener(closedOnes::add);
        Subscription closedStatusListener = client().syncContext().addStatusListener(closedStatus::add);
        next(closedStatus, s -> true); // the first status is delivered at once
        closed.close();
        closedStatusListener.close();
        closedStatus.clear();
        Subscription subscription = todos().addChangeListener(openOnes::add);
        try {
            todos().insert(item("a", "one", false));
            next(openOnes, c -> c.inserted().contains("a"));
            todos().insert(item("b", "two", false));
            next(openOnes, c -> c.inserted().contains("b"));
        } finally {
            subscription.close();
        }
        assertTrue(closedOnes.isEmpty(), "a closed change listener got " + closedOnes);
        assertTrue(closedStatus.isEmpty(), "a closed status listener got " + closedStatus);
    }

    /** Checks that a slow listener does not block sync. */
    @Test
    default void aSlowListenerDoesNotBlockSync() {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<SyncStatus> statuses = new LinkedBlockingQueue<>();
        Subscription slowChanges = todos().addChangeListener(change -> awaitLatch(release));
        Subscription slowStatus = client().syncContext().addStatusListener(status -> {
            awaitLatch(release);
            statuses.add(status);
        });
        try {
            for (int i = 0; i < 10; i++) {
                todos().insert(item("item-" + i, "text", false));
            }
            await(client().syncContext().push());
            await(todos().pull(Query.all(), "all"));
            assertEquals(0, client().syncContext().status().pendingOperations());
        } finally {
            release.countDown();
        }
        SyncStatus latest = next(statuses, s -> !s.busy() && s.lastPullAt() != null);
        assertEquals(0, latest.pendingOperations());
        slowChanges.close();
        slowStatus.close();
    }

    /** Checks that a burst of changes reaches a busy listener as one merged change. */
    @Test
    default void aBurstOfChangesReachesABusyListenerAsOneMergedChange() {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<TableChange> changes = new LinkedBlockingQueue<>();
        Subscription subscription = todos().addChangeListener(change -> {
            busy.countDown();
            awaitLatch(release);
            changes.add(change);
        });
        try {
            todos().insert(item("first", "text", false));
            awaitLatch(busy);
            for (int i = 0; i < 50; i++) {
                todos().insert(item("burst-" + i, "text", false));
            }
            todos().update(item("burst-0", "changed after its insert", false));
            todos().deleteById("burst-1");
            release.countDown();
            assertEquals(Set.of("first"), next(changes, c -> true).inserted());
            TableChange merged = next(changes, c -> true);
            assertEquals(49, merged.inserted().size(), "inserted, then deleted, is nothing");
            assertTrue(merged.inserted().contains("burst-0"), "inserted, then updated, is an insert");
            assertTrue(merged.updated().isEmpty() && merged.deleted().isEmpty(), merged.toString());
        } finally {
            subscription.close();
        }
    }

    /** Checks that a live query delivers the current result then a fresh one after each commit. */
    @Test
    default void aLiveQueryDeliversTheCurrentResultThenAFreshOneAfterEachCommit() {
        todos().insert(item("a", "open", false));
        BlockingQueue<QueryResult<ObjectNode>> results = new LinkedBlockingQueue<>();
        Query open = Query.all().where(Filter.eq("complete", false)).orderBy("id");
        Subscription subscription = todos().observe(open, results::add);
        try {
            assertEquals(List.of("a"), ids(next(results, r -> true)));
            todos().insert(item("b", "open too", false));
            next(results, r -> ids(r).equals(List.of("a", "b")));
            todos().update(item("a", "done", true));
            next(results, r -> ids(r).equals(List.of("b")));
            service().insertDirect("TodoItem", item("c", "from the server", false));
            await(todos().pull(Query.all(), null));
            next(results, r -> ids(r).equals(List.of("b", "c")));
        } finally {
            subscription.close();
        }
    }

    /** Checks that a listener run in place by a direct executor hears the changes it writes itself. */
    @Test
    default void aListenerRunInPlaceByADirectExecutorHearsTheChangesItWritesItself() {
        SyncClient direct = newClient(b -> b.callbackExecutor(Runnable::run));
        SyncTable<ObjectNode> table = direct.table("TodoItem");
        List<String> inserted = new CopyOnWriteArrayList<>();
        Subscription subscription = table.addChangeListener(change -> {
            inserted.addAll(change.inserted());
            if (change.inserted().contains("a")) {
                table.insert(item("b", "written by the listener", false));
            }
        });
        try {
            table.insert(item("a", "written by the app", false));
        } finally {
            subscription.close();
        }
        assertEquals(List.of("a", "b"), inserted);
    }

    /** Checks that listeners run on the callback executor. */
    @Test
    default void listenersRunOnTheCallbackExecutor() {
        java.util.concurrent.ExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadExecutor(
                runnable -> new Thread(runnable, "app-callbacks"));
        try {
            SyncClient client = newClient(b -> b.callbackExecutor(callbacks));
            SyncTable<ObjectNode> table = client.table("TodoItem");
            BlockingQueue<String> threads = new LinkedBlockingQueue<>();
            List<Subscription> subscriptions = List.of(
                    client.syncContext().addStatusListener(s -> threads.add("status " + Thread.currentThread().getName())),
                    table.addChangeListener(c -> threads.add("change " + Thread.currentThread().getName())),
                    table.observe(Query.all(), r -> threads.add("query " + Thread.currentThread().getName())));
            table.insert(item("a", "text", false));
            Set<String> seen = new java.util.TreeSet<>();
            while (seen.size() < 3) {
                seen.add(next(threads, t -> true)); // each kind once its listener ran
            }
            assertEquals(Set.of("change app-callbacks", "query app-callbacks", "status app-callbacks"), seen);
            subscriptions.forEach(Subscription::close);
        } finally {
            callbacks.shutdownNow();
        }
    }

    /** Checks that a listener run in place may wait for a push without deadlock. */
    @Test
    default void aListenerRunInPlaceMayWaitForAPushWithoutDeadlock() {
        SyncClient direct = newClient(b -> b.callbackExecutor(Runnable::run));
        SyncTable<ObjectNode> table = direct.table("TodoItem");
        List<String> heard = new CopyOnWriteArrayList<>();
        Subscription subscription = table.addChangeListener(change -> {
            heard.add(change.origin().name());
            if (change.origin() == Origin.LOCAL_WRITE) {
                await(direct.syncContext().push()); // on the writing thread, after the write's commit
            }
        });
        try {
            table.insert(item("a", "pushed from a listener", false));
        } finally {
            subscription.close();
        }
        assertTrue(service().item("TodoItem", "a").isPresent());
        assertEquals(List.of("LOCAL_WRITE", "PUSH_ANSWER"), heard);
    }

    private static List<String> ids(QueryResult<ObjectNode> result) {
        return result.items().stream().map(i -> i.get("id").asText()).toList();
    }
}

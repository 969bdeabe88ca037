package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sequential push (parallelism 1) takes the next operation ahead: it is marked in flight and its body recorded
 * while the operation before it is out, so that it can be sent as soon as that answer is in. Still one request at a
 * time, in queue order, and the delegate is never called concurrently; an operation taken ahead that the push does
 * not reach goes back to the queue as it was, unsent.
 */
public interface PushAheadContract extends EngineFixture {

    /**
     * Another client on this store, with this delegate.
     *
     * @param store    the store
     * @param delegate the delegate, or null for the default one
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate);

    /**
     * {@return a new, empty store of the kind under test}
     */
    SyncContextDataSource newStore();

    /** Checks that the next operation is in flight while the one before it is sent, and released unsent on an abort. */
    @Test
    default void theNextOperationIsTakenAheadAndReleasedUnsentWhenThePushAborts() {
        SyncContextDataSource store = newStore();
        SyncClient ahead = newClient(store, null);
        SyncTable<ObjectNode> table = ahead.table("TodoItem");
        for (String id : List.of("a", "b", "c")) {
            table.insert(item(id, "text " + id, false));
        }
        List<String> whileFirstWasSent = Collections.synchronizedList(new ArrayList<>());
        service().intercept(request -> {
            if (!request.method().equals("POST")) {
                return null;
            }
            for (PendingOperation op : ahead.syncContext().pendingOperations()) {
                whileFirstWasSent.add(op.itemId() + (op.inFlight() ? " in flight" : " queued"));
            }
            return FakeResponse.disconnect(); // the answer is lost: an outage stops the push
        });

        PushResult result = assertThrows(PushFailedException.class, () -> await(ahead.syncContext().push())).result();
        service().clearFaults();

        assertEquals(PushResult.AbortReason.NETWORK, result.abortReason());
        assertEquals(List.of("a in flight", "b in flight", "c queued"), whileFirstWasSent,
                "b was taken ahead while a was out");
        assertEquals(1, requests().stream().filter(r -> r.method().equals("POST")).count(), "b was never sent");
        assertEquals(List.of("INSERT a", "INSERT b", "INSERT c"), queue(ahead));
        assertTrue(ahead.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight));
        assertNotNull(sentBodies(store, "a"), "a's body is kept: it went out and its answer was lost");
        assertNull(sentBodies(store, "b"), "b's body, recorded when it was taken, went with its release");

        assertEquals(3, await(ahead.syncContext().push()).completedOperations());
        assertEquals(3, service().items("TodoItem", false).size());
    }

    /** Checks that an operation taken ahead is neither sent nor kept in flight when the delegate cancels the push. */
    @Test
    default void anOperationTakenAheadIsNotSentWhenTheDelegateCancelsThePush() {
        SyncContextDataSource store = newStore();
        SyncClient cancelling = newClient(store, new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.itemId().equals("b")) {
                    operation.cancelPush();
                }
                return operation.execute();
            }
        });
        SyncTable<ObjectNode> table = cancelling.table("TodoItem");
        for (String id : List.of("a", "b", "c", "d")) {
            table.insert(item(id, "text " + id, false));
        }

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(cancelling.syncContext().push())).result();

        assertEquals(PushResult.AbortReason.CANCELLED, result.abortReason());
        assertEquals(2, result.completedOperations(), "a and b went through");
        assertEquals(List.of("POST a", "POST b"), requests().stream()
                .map(r -> r.method() + " " + r.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1")).toList());
        assertEquals(List.of("INSERT c", "INSERT d"), queue(cancelling));
        assertTrue(cancelling.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight));
        assertNull(sentBodies(store, "c"), "c was taken ahead but never sent");
    }

    /** Checks that the delegate is called one operation at a time, in queue order, on one thread. */
    @Test
    default void theDelegateIsCalledOneOperationAtATimeInQueueOrderOnOneThread() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SyncClient sequential = newClient(newStore(), new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                mostAtOnce.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    order.add(operation.kind() + " " + operation.itemId());
                    threads.add(Thread.currentThread().getName());
                    return operation.execute();
                } finally {
                    active.decrementAndGet();
                }
            }
        });
        SyncTable<ObjectNode> table = sequential.table("TodoItem");
        for (int i = 0; i < 12; i++) {
            table.insert(item("q" + i, "text " + i, false));
        }
        assertEquals(12, await(sequential.syncContext().push()).completedOperations());
        for (int i = 11; i >= 0; i -= 2) {
            table.deleteById("q" + i);
            table.update(item("q" + (i - 1), "edited", true));
        }
        order.clear();
        threads.clear(); // each push may run on another of the client's executor threads

        PushResult result = await(sequential.syncContext().push());

        assertTrue(result.succeeded(), result.toString());
        assertEquals(queueOrderOfSecondPush(), order, "queue order");
        assertEquals(1, mostAtOnce.get(), "operations in the delegate at once");
        assertEquals(1, threads.size(), "threads the delegate ran on in one push: " + threads);
        assertEquals(6, service().items("TodoItem", false).size());
    }

    /** Checks that an item's next operation is not taken ahead while the item's operation before it is out. */
    @Test
    default void anItemsNextOperationIsNotTakenAheadWhileItsOperationBeforeIsOut() {
        SyncClient client = newClient(newStore(), null);
        SyncTable<ObjectNode> table = client.table("TodoItem");
        for (String id : List.of("a", "b", "c")) {
            table.insert(item(id, "first", false));
        }
        await(client.syncContext().push());
        table.deleteById("a");
        // a is inserted again while its delete is out, whose answer is lost: the insert queues behind the delete
        service().intercept(request -> {
            table.insert(item("a", "again", false));
            return FakeResponse.disconnect();
        });
        assertThrows(PushFailedException.class, () -> await(client.syncContext().push()));
        table.deleteById("b");
        table.deleteById("c");
        assertEquals(List.of("DELETE a", "INSERT a", "DELETE b", "DELETE c"), queue(client));

        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        service().intercept(request -> {
            seen.add(client.syncContext().pendingOperations().stream()
                    .filter(PendingOperation::inFlight).map(op -> op.kind() + " " + op.itemId()).toList());
            return null;
        });
        PushResult result = await(client.syncContext().push());
        service().clearFaults();

        assertTrue(result.succeeded(), result.toString());
        assertEquals(List.of("DELETE a"), seen.get(0), "INSERT a waits for it, and so does everything after");
        for (List<String> inFlight : seen) {
            // the next operation may or may not be taken yet when a request arrives (it is taken during it)
            assertTrue(inFlight.size() <= 2, "at most one out and one taken ahead: " + inFlight);
            assertEquals(inFlight.size(), inFlight.stream().map(op -> op.split(" ")[1]).distinct().count(),
                    "two operations of one item in flight: " + inFlight);
        }
        assertEquals("again", table.lookup("a").orElseThrow().get("text").asText());
        assertEquals(List.of(), queue(client));
    }

    private static List<String> queueOrderOfSecondPush() {
        List<String> order = new ArrayList<>();
        for (int i = 11; i >= 0; i -= 2) {
            order.add("DELETE q" + i);
            order.add("UPDATE q" + (i - 1));
        }
        return order;
    }

    /** The bodies recorded for the queued operation on an item, as the store holds them (null: none). */
    private static Object sentBodies(SyncContextDataSource store, String itemId) {
        List<Map<String, Object>> rows = store.transaction(ops -> ops.read(StoreQuery.where("MS_TableOperations",
                new Predicate.Comparison("itemId", Predicate.Op.EQ, itemId))).rows());
        assertEquals(1, rows.size(), "operations queued on " + itemId);
        return rows.get(0).get("sent");
    }
}

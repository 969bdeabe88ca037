package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A push with {@code pushParallelism(n)} sends operations of different items at once, but each item's operations
 * one at a time and in queue order, whatever order the server answers in.
 */
public interface ParallelPushContract extends EngineFixture {

    /** The push parallelism of the tests. */
    int WIDTH = 6;
    /** Fewer items than the window, so an item's second operation comes within reach while its first is in flight. */
    int ITEMS = 4;

    /**
     * A new client with a fresh store, its builder changed by {@code configure}.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** Checks that each items operations arrive one at a time and in queue order under random delays. */
    @Test
    default void eachItemsOperationsArriveOneAtATimeAndInQueueOrderUnderRandomDelays() {
        for (long seed = 1; seed <= 3; seed++) {
            service().clearFaults();
            service().clearRequests();
            SyncClient parallel = newClient(builder -> builder.pushParallelism(WIDTH));
            SyncTable<ObjectNode> table = parallel.table("TodoItem");
            String prefix = "s" + seed + "-";
            for (int i = 0; i < ITEMS; i++) {
                table.insert(item(prefix + i, "first", false));
            }
            await(parallel.syncContext().push());
            for (int i = 0; i < ITEMS; i++) {
                table.deleteById(prefix + i);
            }

            // First push: every item is inserted again while its delete is in flight (so the insert queues behind
            // the delete), and the delete's answer is lost; the first request waits for a second one, which shows
            // that they are in flight together.
            CountDownLatch two = new CountDownLatch(2);
            service().intercept(request -> {
                if (!request.method().equals("DELETE")) {
                    return null;
                }
                two.countDown();
                awaitQuietly(two);
                table.insert(item(idOf(request), "again", true));
                return FakeResponse.disconnect();
            });
            PushResult lost = assertThrows(PushFailedException.class, () -> await(parallel.syncContext().push()))
                    .result();
            assertEquals(PushResult.AbortReason.NETWORK, lost.abortReason(), "a lost answer stops the push");
            assertEquals(0, two.getCount(), "two deletes were in flight at once");

            // Second push: answers come after random pauses, so they arrive and finish in a scrambled order.
            Random random = new Random(seed);
            Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
            Set<String> overlapping = ConcurrentHashMap.newKeySet();
            List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
            service().intercept(request -> {
                if (request.method().equals("GET")) {
                    return null;
                }
                String id = idOf(request);
                arrivals.add(id + " " + request.method());
                if (active.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
                    overlapping.add(id);
                }
                int pause;
                synchronized (random) {
                    pause = random.nextInt(15);
                }
                sleepQuietly(pause);
                active.get(id).decrementAndGet();
                return null;
            });
            PushResult result = await(parallel.syncContext().push());
            service().clearFaults();

            assertTrue(result.succeeded(), result.toString());
            assertEquals(Set.of(), overlapping, "items with two operations in flight at once");
            int withTwoOperations = 0;
            for (int i = 0; i < ITEMS; i++) {
                String id = prefix + i;
                List<String> ofItem = arrivals.stream().filter(line -> line.startsWith(id + " ")).toList();
                assertEquals(id + " DELETE", ofItem.isEmpty() ? "nothing" : ofItem.get(0),
                        "the delete queued first is sent first: " + ofItem);
                withTwoOperations += ofItem.size() > 1 ? 1 : 0;
                Optional<ObjectNode> local = table.lookup(id);
                Optional<ObjectNode> remote = service().item("TodoItem", id)
                        .filter(server -> !server.path("deleted").asBoolean(false));
                assertEquals(local.map(row -> row.get("text").asText()), remote.map(row -> row.get("text").asText()),
                        id + " locally and on the server");
            }
            assertEquals(ITEMS, withTwoOperations, "items whose delete and insert were both sent: " + withTwoOperations);
            assertEquals(List.of(), queue(parallel));
        }
    }

    /** Checks that the delegate is called once for each operation when several are in flight. */
    @Test
    default void theDelegateIsCalledOnceForEachOperationWhenSeveralAreInFlight() {
        Set<String> called = ConcurrentHashMap.newKeySet();
        AtomicInteger completions = new AtomicInteger();
        SyncClient parallel = newClient(builder -> builder.pushParallelism(WIDTH).delegate(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                assertTrue(called.add(operation.itemId()), "called twice for " + operation.itemId());
                return operation.execute();
            }

            @Override
            public void onPushComplete(PushResult result) {
                completions.incrementAndGet();
            }
        }));
        SyncTable<ObjectNode> table = parallel.table("TodoItem");
        for (int i = 0; i < 20; i++) {
            table.insert(item("d" + i, "text " + i, false));
        }

        PushResult result = await(parallel.syncContext().push());

        assertEquals(20, result.completedOperations());
        assertEquals(20, called.size());
        assertEquals(1, completions.get());
        assertEquals(20, service().items("TodoItem", false).size());
    }

    /** Checks that an error thrown by the delegate stops a parallel push with the operation queued, not a hang. */
    @Test
    default void anErrorThrownByTheDelegateStopsAParallelPushWithTheOperationQueued() {
        SyncClient parallel = newClient(builder -> builder.pushParallelism(WIDTH).delegate(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.itemId().equals("e3")) {
                    throw new AssertionError("a bug in the delegate");
                }
                return operation.execute();
            }
        }));
        SyncTable<ObjectNode> table = parallel.table("TodoItem");
        for (int i = 0; i < 6; i++) {
            table.insert(item("e" + i, "text " + i, false));
        }

        assertThrows(PushFailedException.class, () -> await(parallel.syncContext().push()));

        assertTrue(queue(parallel).contains("INSERT e3"), "the operation stays queued: " + queue(parallel));
    }

    /** The item a request is about: the path segment after the table's, or else the body's id. */
    private static String idOf(RecordedRequest request) {
        List<String> segments = List.of(request.path().split("/"));
        int table = segments.indexOf("TodoItem");
        if (table >= 0 && table + 1 < segments.size()) {
            return segments.get(table + 1);
        }
        return request.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

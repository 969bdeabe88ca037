package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.Subscription;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncStatus;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Watching sync through its status: the latest status rather than every change, what it tells of pushes, failures
 * and parked operations, and push and pull progress.
 */
public interface StatusContract extends EngineFixture {

    /**
     * A client of the store under test, configured further by the test.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** Checks that a status listener gets the latest status rather than every change. */
    @Test
    default void aStatusListenerGetsTheLatestStatusRatherThanEveryChange() {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<SyncStatus> statuses = new LinkedBlockingQueue<>();
        Subscription subscription = client().syncContext().addStatusListener(status -> {
            busy.countDown();
            ObservationContract.awaitLatch(release);
            statuses.add(status);
        });
        try {
            ObservationContract.awaitLatch(busy);
            for (int i = 0; i < 30; i++) {
                todos().insert(item("item-" + i, "text", false));
            }
            release.countDown();
            assertEquals(0, ObservationContract.next(statuses, s -> true).pendingOperations(), "the first status, taken at once");
            assertEquals(30, ObservationContract.next(statuses, s -> true).pendingOperations(), "then only the latest");
        } finally {
            subscription.close();
        }
    }

    /** Checks that status tells pending operations then the last push. */
    @Test
    default void statusTellsPendingOperationsThenTheLastPush() {
        assertEquals(SyncStatus.Reachability.UNKNOWN, client().syncContext().status().reachability());
        todos().insert(item("a", "one", false));
        todos().insert(item("b", "two", false));
        SyncStatus before = client().syncContext().status();
        assertEquals(2, before.pendingOperations());
        assertFalse(before.busy());
        assertEquals(null, before.lastPushAt());

        await(client().syncContext().push());
        SyncStatus after = client().syncContext().status();
        assertEquals(0, after.pendingOperations());
        assertNotNull(after.lastPushAt());
        assertEquals(SyncStatus.Reachability.REACHABLE, after.reachability());
        assertEquals(null, after.lastFailure());
    }

    /** Checks that status tells an unreachable server and the kind of failure. */
    @Test
    default void statusTellsAnUnreachableServerAndTheKindOfFailure() {
        todos().insert(item("a", "one", false));
        service().intercept(request -> FakeResponse.disconnect());
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        SyncStatus status = client().syncContext().status();
        assertEquals(SyncStatus.Reachability.UNREACHABLE, status.reachability());
        assertEquals(SyncStatus.FailureKind.NETWORK, status.lastFailure().kind());
        assertEquals(1, status.pendingOperations());
        assertFalse(status.pushing());
    }

    /** Checks that status counts parked operations and tells the rejection. */
    @Test
    default void statusCountsParkedOperationsAndTellsTheRejection() {
        conflicting("a");
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        SyncStatus status = client().syncContext().status();
        assertEquals(1, status.parkedOperations());
        assertEquals(1, status.pendingOperations());
        assertEquals(SyncStatus.FailureKind.REJECTED, status.lastFailure().kind());
    }

    /** Checks that push progress counts the operations sent of those queued at the start. */
    @Test
    default void pushProgressCountsTheOperationsSentOfThoseQueuedAtTheStart() {
        List<String> progress = new CopyOnWriteArrayList<>();
        SyncClient[] client = new SyncClient[1];
        client[0] = newClient(b -> b.eventListener(new dev.offlinesync.SyncEventListener() {
            @Override
            public void operationPushed(String table, String itemId, dev.offlinesync.OperationKind kind) {
                SyncStatus status = client[0].syncContext().status();
                progress.add(status.pushingTable() + " " + status.pushProgress().done() + "/"
                        + status.pushProgress().total());
            }
        }));
        SyncTable<ObjectNode> table = client[0].table("TodoItem");
        for (String id : List.of("a", "b", "c")) {
            table.insert(item(id, "text", false));
        }
        await(client[0].syncContext().push());
        assertEquals(List.of("TodoItem 1/3", "TodoItem 2/3", "TodoItem 3/3"), progress);
        assertEquals(null, client[0].syncContext().status().pushProgress(), "no progress once the push ended");
    }

    /** Checks that pull progress carries the servers total when asked for. */
    @Test
    default void pullProgressCarriesTheServersTotalWhenAskedFor() {
        for (int i = 0; i < 5; i++) {
            service().insertDirect("TodoItem", item("item-" + i, "text", false));
        }
        List<dev.offlinesync.PullProgress> pages = new CopyOnWriteArrayList<>();
        BlockingQueue<SyncStatus> statuses = new LinkedBlockingQueue<>();
        Subscription subscription = client().syncContext().addStatusListener(statuses::add);
        try {
            await(todos().pull(Query.all(), "all", dev.offlinesync.PullOptions.defaults().withPageSize(2)
                    .withCountTotal(true).withProgress(pages::add)));
            ObservationContract.next(statuses, s -> s.lastPullAt() != null && !s.pulling());
        } finally {
            subscription.close();
        }
        List<String> reported = pages.stream()
                .map(p -> p.pages() + ": " + p.received() + " of " + p.serverTotal()).toList();
        if (exactCursor()) {
            assertEquals(List.of("1: 2 of 5", "2: 4 of 5", "3: 5 of 5"), reported);
        } else {
            assertTrue(reported.get(reported.size() - 1).endsWith(": 5 of 5"), reported.toString());
            assertTrue(pages.stream().allMatch(p -> p.serverTotal() == 5), reported.toString());
        }
        assertEquals(null, client().syncContext().status().pullProgress(), "no progress once the pull ended");
    }
}

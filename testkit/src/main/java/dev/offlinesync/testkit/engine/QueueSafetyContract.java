package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.OperationError;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The queue never loses or strands a change: answers lost after the server applied a request, clients sharing a
 * store, poison items, items deleted on the server, writes during a push.
 */
public interface QueueSafetyContract extends EngineFixture {

    /** {@return a new, empty store of the kind under test (for clients that share one)} */
    SyncContextDataSource newStore();

    /**
     * A client on a given store (several clients may share one).
     *
     * @param store    the store
     * @param delegate the client's delegate, or {@code null} for the default
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate);

    /**
     * The next request with this method is applied by the server, then its connection is dropped before the
     * answer: the client cannot know whether it arrived.
     */
    private void loseAnswerOfNext(String method) {
        AtomicBoolean done = new AtomicBoolean();
        service().intercept(request -> {
            if (!request.method().equals(method) || done.getAndSet(true)) {
                return null;
            }
            ObjectNode body = json(request);
            // what the server sets itself, in any dialect's names (a full PUT carries them)
            body.remove(List.of("createdAt", "updatedAt", "version", "deleted", "__createdAt", "__updatedAt",
                    "__version", "__deleted"));
            switch (method) {
                case "POST" -> service().insertDirect(request.table(), body);
                case "PATCH", "PUT" -> service().updateDirect(request.table(), request.itemId(), body);
                default -> service().deleteDirect(request.table(), request.itemId());
            }
            return FakeResponse.disconnect();
        });
    }

    private static ObjectNode json(RecordedRequest request) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("request body is not JSON: " + request.body(), e);
        }
    }

    private void pushFailsWith(PushResult.AbortReason reason) {
        pushFailsWith(client(), reason);
    }

    private static void pushFailsWith(SyncClient device, PushResult.AbortReason reason) {
        PushFailedException failure = assertThrows(PushFailedException.class,
                () -> await(device.syncContext().push()));
        assertEquals(reason, failure.result().abortReason());
    }

    /** Checks that insert whose answer was lost then deleted still sends the delete. */
    @Test
    default void insertWhoseAnswerWasLostThenDeletedStillSendsTheDelete() {
        todos().insert(item("a", "reached the server", false));
        loseAnswerOfNext("POST");
        pushFailsWith(PushResult.AbortReason.NETWORK);
        assertTrue(service().item("TodoItem", "a").isPresent(), "the server applied the insert");
        todos().deleteById("a");
        assertEquals(List.of("DELETE a"), queue(), "an insert that may have reached the server is not collapsed away");
        service().clearFaults();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertTrue(serverItem("a").get("deleted").asBoolean());
    }

    /** Checks that insert whose answer was lost then edited is not a conflict with itself. */
    @Test
    default void insertWhoseAnswerWasLostThenEditedIsNotAConflictWithItself() {
        todos().insert(item("a", "first", false));
        loseAnswerOfNext("POST");
        pushFailsWith(PushResult.AbortReason.NETWORK);
        todos().update(item("a", "edited after the lost answer", true));
        service().clearFaults();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("edited after the lost answer", serverItem("a").get("text").asText());
        assertEquals(List.of(), client().syncContext().errors());
    }

    /** Checks that update whose answer was lost then edited again pushes without self conflict. */
    @Test
    default void updateWhoseAnswerWasLostThenEditedAgainPushesWithoutSelfConflict() {
        todos().insert(item("a", "original", false));
        await(client().syncContext().push());
        todos().update(item("a", "first edit", false));
        loseAnswerOfNext(updateMethod());
        pushFailsWith(PushResult.AbortReason.NETWORK);
        todos().update(item("a", "second edit", true));
        service().clearFaults();
        assertTrue(await(client().syncContext().push()).succeeded(), "no conflict with its own earlier write");
        ObjectNode server = serverItem("a");
        assertEquals("second edit", server.get("text").asText());
        assertEquals(server.get("version"), todos().lookup("a").orElseThrow().get("version"));
        assertEquals(List.of(), client().syncContext().errors());
    }

    /** Checks that update whose answer was lost then deleted deletes on the server. */
    @Test
    default void updateWhoseAnswerWasLostThenDeletedDeletesOnTheServer() {
        todos().insert(item("a", "original", false));
        await(client().syncContext().push());
        todos().update(item("a", "edit", false));
        loseAnswerOfNext(updateMethod());
        pushFailsWith(PushResult.AbortReason.NETWORK);
        todos().deleteById("a");
        service().clearFaults();
        assertTrue(await(client().syncContext().push()).succeeded(), "the stale If-Match is recognised as our own");
        assertTrue(serverItem("a").get("deleted").asBoolean());
    }

    /**
     * Checks that an item edited and deleted while its update was on the wire, whose answer was then lost, is
     * deleted on the server: the delete is based on the version before the update, and the server's item holds the
     * update's values, not the delete's.
     */
    @Test
    default void itemEditedAndDeletedWhileItsLostUpdateWasSentIsDeletedOnTheServer() {
        AtomicBoolean changed = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<SyncTable<ObjectNode>> table =
                new java.util.concurrent.atomic.AtomicReference<>();
        SyncClient app = newClient(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.kind() == dev.offlinesync.OperationKind.UPDATE && !changed.getAndSet(true)) {
                    // queued behind the update being sent: one operation, a delete of the edited item
                    table.get().update(item("a", "edited while sending", true));
                    table.get().deleteById("a");
                }
                return operation.execute();
            }
        });
        table.set(app.table("TodoItem"));
        table.get().insert(item("a", "original", false));
        await(app.syncContext().push());
        table.get().update(item("a", "sent, answer lost", false));
        loseAnswerOfNext(updateMethod());
        pushFailsWith(app, PushResult.AbortReason.NETWORK);
        assertEquals(List.of("UPDATE a", "DELETE a"), queue(app));
        assertEquals("sent, answer lost", serverItem("a").get("text").asText(), "the server applied the update");
        service().clearFaults();
        try {
            await(app.syncContext().push());
        } catch (PushFailedException e) {
            throw new AssertionError("a conflict with the client's own update: " + app.syncContext().errors(), e);
        }
        assertTrue(serverItem("a").get("deleted").asBoolean());
        assertEquals(List.of(), queue(app));
        assertEquals(List.of(), app.syncContext().errors());
    }

    /** Checks that an edit queued behind a retried insert is not sent twice. */
    @Test
    default void anEditQueuedBehindARetriedInsertIsNotSentTwice() {
        AtomicBoolean edited = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<SyncTable<ObjectNode>> table =
                new java.util.concurrent.atomic.AtomicReference<>();
        SyncClient app = newClient(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (!edited.getAndSet(true)) {
                    table.get().update(item("a", "edited", true)); // queued behind the insert on the wire
                }
                return operation.execute();
            }
        });
        table.set(app.table("TodoItem"));
        table.get().insert(item("a", "first", false));
        loseAnswerOfNext("POST");
        pushFailsWith(app, PushResult.AbortReason.NETWORK);
        assertEquals(List.of("INSERT a", "UPDATE a"), queue(app));
        service().clearFaults();
        service().clearRequests();
        assertTrue(await(app.syncContext().push()).succeeded());
        assertEquals("edited", serverItem("a").get("text").asText());
        assertEquals(List.of(), queue(app));
        assertEquals(1, requestLines().stream().filter(line -> line.startsWith(updateMethod())).count(),
                "the retried insert sent the edit already; the update behind it is not sent again");
    }

    /** Checks that conflict answer cut off still carries the server item. */
    @Test
    default void conflictAnswerCutOffStillCarriesTheServerItem() {
        conflicting("a");
        service().intercept(request -> request.method().equals(updateMethod())
                ? FakeResponse.json(412, "{\"id\":\"a\",\"text\":\"the") : null);
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        OperationError error = client().syncContext().errors().get(0);
        assertEquals(OperationError.Reason.CONFLICT, error.reason());
        assertNotNull(error.serverItem(), "fetched when the answer lacked it");
        assertEquals("theirs", error.serverItem().get("text").asText());
    }

    /**
     * Checks that second client on the same store does not take the first ones in flight operation.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void secondClientOnTheSameStoreDoesNotTakeTheFirstOnesInFlightOperation() throws Exception {
        SyncContextDataSource shared = newStore();
        GatedDelegate gate = new GatedDelegate();
        SyncClient first = newClient(shared, gate);
        first.table("TodoItem").insert(item("a", "original", false));
        CompletableFuture<PushResult> push = first.syncContext().push();
        gate.awaitInFlight();
        SyncClient second = newClient(shared, null);
        SyncTable<ObjectNode> table = second.table("TodoItem");
        table.update(item("a", "edited by the second client", true));
        assertEquals(List.of("INSERT a", "UPDATE a"), queue(second), "the in-flight insert is not collapsed into");
        assertTrue(second.syncContext().pendingOperations().get(0).inFlight(), "the first client's mark is kept");
        gate.open();
        await(push);
        assertTrue(await(second.syncContext().push()).succeeded());
        assertEquals("edited by the second client", serverItem("a").get("text").asText());
        assertEquals(List.of(), queue(second));
    }

    /** Checks that sequence numbers come from the store so clients sharing it never share one. */
    @Test
    default void sequenceNumbersComeFromTheStoreSoClientsSharingItNeverShareOne() {
        SyncContextDataSource shared = newStore();
        SyncClient one = newClient(shared, null);
        SyncClient two = newClient(shared, null);
        one.table("TodoItem").insert(item("a", "one", false));
        two.table("TodoItem").insert(item("b", "two", false));
        one.table("TodoItem").insert(item("c", "one", false));
        List<Long> sequences = one.syncContext().pendingOperations().stream().map(PendingOperation::sequence).toList();
        assertEquals(3, sequences.stream().distinct().count(), "two clients never share a number: " + sequences);
        assertTrue(sequences.get(0) < sequences.get(1) && sequences.get(1) < sequences.get(2), "in commit order");
        assertTrue(await(one.syncContext().push()).succeeded());
        assertEquals(3, service().items("TodoItem", false).size(), "nothing was skipped");
    }

    /** Checks that push sends what was queued when it started while the app keeps writing. */
    @Test
    default void pushSendsWhatWasQueuedWhenItStartedWhileTheAppKeepsWriting() {
        WritingDelegate writing = new WritingDelegate();
        SyncClient busy = newClient(writing);
        writing.table = busy.table("TodoItem");
        writing.table.insert(item("a", "queued before", false));
        writing.table.insert(item("b", "queued before", false));
        PushResult result = await(busy.syncContext().push());
        assertEquals(2, result.completedOperations(), "the push ended although writes kept coming");
        // sorted: with a push parallelism above 1 the delegate runs for a and b at once, so either writes first
        assertEquals(List.of("INSERT new-a", "INSERT new-b"), queue(busy).stream().sorted().toList(),
                "later writes wait for the next push");
    }

    /** The app writes a new item each time an operation is pushed. */
    final class WritingDelegate implements SyncContextDelegate {
        WritingDelegate() {
        }

        volatile SyncTable<ObjectNode> table;

        @Override
        public ObjectNode onOperation(TableOperation operation) {
            table.insert(item("new-" + operation.itemId(), "written during the push", false));
            return operation.execute();
        }
    }

    /** Checks that a callback that blocks on another sync future still completes. */
    @Test
    default void aCallbackThatBlocksOnAnotherSyncFutureStillCompletes() {
        todos().insert(item("a", "first", false));
        CompletableFuture<PushResult> chain = client().syncContext().push()
                .thenApply(pushed -> todos().pull(dev.offlinesync.Query.all(), "all").join())
                .thenApply(pulled -> {
                    todos().insert(item("b", "second", false));
                    return client().syncContext().push().join();
                });
        assertTrue(await(chain).succeeded(), "push -> pull -> push chained with join() inside callbacks");
        assertEquals(2, service().items("TodoItem", false).size());
    }

    /** Checks that resolution calls reject a missing item and say what to pass. */
    @Test
    default void resolutionCallsRejectAMissingItemAndSayWhatToPass() {
        conflicting("a");
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        OperationError error = client().syncContext().errors().get(0);
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> error.cancelAndUpdate(null));
        assertTrue(e.getMessage().contains("serverItem()"), e.getMessage());
        assertThrows(InvalidItemException.class, () -> error.keepAndRetry(null));
        assertThrows(InvalidItemException.class, error::recreate, "only for items deleted on the server");
        assertEquals(1, client().syncContext().errors().size(), "nothing changed");
    }
}

package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Push: order, server answers applied, conflicts and their resolutions, aborts, concurrency with local edits. */
public interface PushContract extends EngineFixture {

    /** Checks that push sends operations in queue order. */
    @Test
    default void pushSendsOperationsInQueueOrder() {
        todos().insert(item("c", "third", false));
        todos().insert(item("a", "first", false));
        todos().insert(item("b", "second", false));
        await(client().syncContext().push());
        assertEquals(List.of("POST /tables/TodoItem", "POST /tables/TodoItem", "POST /tables/TodoItem"), requestLines());
        assertEquals(List.of("c", "a", "b"), requests().stream().map(r -> r.body().replaceAll(".*\"id\":\"(\\w)\".*", "$1")).toList());
        assertEquals(0, client().syncContext().pendingOperationCount());
    }

    /** Checks that push takes the servers version and timestamps into the local row. */
    @Test
    default void pushTakesTheServersVersionAndTimestampsIntoTheLocalRow() {
        todos().insert(item("a", "first", false));
        assertTrue(!todos().lookup("a").orElseThrow().hasNonNull("version"), "no version before the server gives one");
        await(client().syncContext().push());
        ObjectNode local = todos().lookup("a").orElseThrow();
        ObjectNode server = serverItem("a");
        assertEquals(server.get("version"), local.get("version"));
        assertEquals(server.get("updatedAt"), local.get("updatedAt"));
        todos().update(item("a", "second", false));
        await(client().syncContext().push());
        assertEquals("\"" + server.get("version").asText() + "\"", requests().get(1).header("If-Match"));
    }

    /** Checks that conflict is recorded keeps the operation and other items still push. */
    @Test
    default void conflictIsRecordedKeepsTheOperationAndOtherItemsStillPush() {
        conflicting("a");
        todos().insert(item("b", "other item", false));

        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        PushResult result = failure.result();
        assertEquals(1, result.completedOperations(), "b was pushed");
        assertEquals(1, result.errors().size());
        OperationError error = client().syncContext().errors().get(0);
        assertEquals(412, error.status());
        assertEquals("theirs", error.serverItem().get("text").asText());
        assertEquals("mine, edited", error.clientItem().get("text").asText());
        assertEquals(List.of("UPDATE a"), queue());
        assertEquals("mine, edited", todos().lookup("a").orElseThrow().get("text").asText(), "local row untouched");
        assertTrue(service().item("TodoItem", "b").isPresent());
        assertTrue(failure.getMessage().contains("Not all operations completed successfully"), failure.getMessage());
    }

    /** Checks that delegate use client retries with the servers version and wins. */
    @Test
    default void delegateUseClientRetriesWithTheServersVersionAndWins() {
        SyncClient resolving = newClient(OnConflict.USE_CLIENT);
        SyncTable<ObjectNode> table = resolving.table("TodoItem");
        table.insert(item("a", "mine", false));
        await(resolving.syncContext().push());
        changedOnServer("a", "theirs");
        table.update(item("a", "mine wins", true));
        PushResult result = await(resolving.syncContext().push());
        assertTrue(result.succeeded());
        ObjectNode server = serverItem("a");
        assertEquals("mine wins", server.get("text").asText());
        assertEquals(server.get("version"), table.lookup("a").orElseThrow().get("version"));
        assertEquals(List.of(), queue(resolving));
    }

    /** Checks that delegate use server makes the local row the servers and drops the operation. */
    @Test
    default void delegateUseServerMakesTheLocalRowTheServersAndDropsTheOperation() {
        SyncClient resolving = newClient(OnConflict.USE_SERVER);
        SyncTable<ObjectNode> table = resolving.table("TodoItem");
        table.insert(item("a", "mine", false));
        await(resolving.syncContext().push());
        changedOnServer("a", "theirs");
        table.update(item("a", "mine, losing", true));
        assertTrue(await(resolving.syncContext().push()).succeeded());
        ObjectNode local = table.lookup("a").orElseThrow();
        assertEquals("theirs", local.get("text").asText());
        assertEquals(serverItem("a").get("version"), local.get("version"));
        assertEquals(List.of(), queue(resolving));
        assertEquals(List.of(), resolving.syncContext().errors());
    }

    /** Checks that delegate cancel stops the push and keeps the operation and data. */
    @Test
    default void delegateCancelStopsThePushAndKeepsTheOperationAndData() {
        SyncClient cancelling = newClient(OnConflict.CANCEL);
        SyncTable<ObjectNode> table = cancelling.table("TodoItem");
        table.insert(item("a", "mine", false));
        await(cancelling.syncContext().push());
        changedOnServer("a", "theirs");
        table.update(item("a", "mine, pending", true));
        table.insert(item("later", "queued after a", false));
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(cancelling.syncContext().push()));
        assertEquals(PushResult.AbortReason.CANCELLED, failure.result().abortReason());
        assertEquals(List.of("UPDATE a", "INSERT later"), queue(cancelling));
        assertEquals("mine, pending", table.lookup("a").orElseThrow().get("text").asText());
        assertTrue(service().item("TodoItem", "later").isEmpty(), "nothing after the cancelled operation was sent");
    }

    /** Checks that error resolutions keep retry cancel update and cancel discard. */
    @Test
    default void errorResolutionsKeepRetryCancelUpdateAndCancelDiscard() {
        for (String id : List.of("keep", "take", "drop")) {
            todos().insert(item(id, "mine", false));
        }
        await(client().syncContext().push());
        for (String id : List.of("keep", "take", "drop")) {
            changedOnServer(id, "theirs");
            todos().update(item(id, "mine, edited", false));
        }
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        List<OperationError> errors = client().syncContext().errors();
        assertEquals(3, errors.size());
        for (OperationError error : errors) {
            switch (error.itemId()) {
                case "keep" -> {
                    ObjectNode retry = error.clientItem();
                    retry.put("version", error.serverItem().get("version").asText());
                    error.keepAndRetry(retry);
                }
                case "take" -> error.cancelAndUpdate(error.serverItem());
                default -> error.cancelAndDiscard();
            }
        }
        assertEquals(List.of(), client().syncContext().errors());
        assertEquals(List.of("UPDATE keep"), queue());
        assertEquals("theirs", todos().lookup("take").orElseThrow().get("text").asText());
        assertTrue(todos().lookup("drop").isEmpty());
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("mine, edited", serverItem("keep").get("text").asText());
    }

    /**
     * Checks that local edit while its operation is in flight is kept and pushed by the next push.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void localEditWhileItsOperationIsInFlightIsKeptAndPushedByTheNextPush() throws Exception {
        GatedDelegate gate = new GatedDelegate();
        SyncClient slow = newClient(gate);
        SyncTable<ObjectNode> table = slow.table("TodoItem");
        table.insert(item("a", "original", false));
        CompletableFuture<PushResult> push = slow.syncContext().push();
        gate.awaitInFlight();
        table.update(item("a", "edited while pushing", true));
        assertEquals(List.of("INSERT a", "UPDATE a"), queue(slow), "the edit is appended, not collapsed");
        assertTrue(slow.syncContext().pendingOperations().get(0).inFlight());
        gate.open();
        assertEquals(1, await(push).completedOperations(), "a push sends what was queued when it started");
        ObjectNode local = table.lookup("a").orElseThrow();
        assertEquals("edited while pushing", local.get("text").asText(), "the push response did not overwrite it");
        assertEquals(List.of("UPDATE a"), queue(slow));
        assertTrue(await(slow.syncContext().push()).succeeded());
        local = table.lookup("a").orElseThrow();
        ObjectNode server = serverItem("a");
        assertEquals("edited while pushing", server.get("text").asText());
        assertEquals(server.get("version"), local.get("version"));
        assertEquals(List.of(), queue(slow));
    }

    /**
     * Checks that delete of an item whose insert is in flight uses the inserts version.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void deleteOfAnItemWhoseInsertIsInFlightUsesTheInsertsVersion() throws Exception {
        GatedDelegate gate = new GatedDelegate();
        SyncClient slow = newClient(gate);
        SyncTable<ObjectNode> table = slow.table("TodoItem");
        table.insert(item("a", "short-lived", false));
        CompletableFuture<PushResult> push = slow.syncContext().push();
        gate.awaitInFlight();
        table.deleteById("a");
        gate.open();
        await(push);
        assertEquals(List.of("DELETE a"), queue(slow), "the delete waits for the next push");
        assertTrue(await(slow.syncContext().push()).succeeded(), "the delete carried the version the insert got");
        assertTrue(serverItem("a").get("deleted").asBoolean());
    }

    /** Checks that server failure aborts the push and keeps the operation at the head. */
    @Test
    default void serverFailureAbortsThePushAndKeepsTheOperationAtTheHead() {
        todos().insert(item("a", "first", false));
        todos().insert(item("b", "second", false));
        service().failNextRequests(10, 503);
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(PushResult.AbortReason.SERVER, failure.result().abortReason());
        assertEquals(List.of("INSERT a", "INSERT b"), queue());
        assertTrue(pending().stream().noneMatch(op -> op.inFlight()));
        service().clearFaults();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals(2, service().items("TodoItem", false).size());
        assertEquals(List.of(), client().syncContext().errors(), "the 503 error went with its operation");
    }

    /** Checks that an item the server keeps failing on is parked and the items behind it are pushed. */
    @Test
    default void anItemTheServerKeepsFailingOnIsParkedAndTheItemsBehindItArePushed() {
        todos().insert(item("poison", "the server fails on this one", false));
        todos().insert(item("fine", "queued behind it", false));
        service().intercept(request -> request.body() != null && request.body().contains("\"poison\"")
                ? FakeResponse.error(500, "Internal Server Error") : null);
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(null, failure.result().abortReason(), "one poison item is not an outage");
        assertTrue(service().item("TodoItem", "fine").isPresent(), "the good item behind it was pushed");
        OperationError error = client().syncContext().errors().get(0);
        assertEquals("poison", error.itemId());
        assertEquals(OperationError.Reason.SERVER_FAILURE, error.reason());
        assertEquals(List.of("INSERT poison"), queue(), "the poison item stays queued, parked");
        error.cancelAndDiscard();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertTrue(service().item("TodoItem", "poison").isEmpty());
    }

    /** Checks that unauthorized aborts the push with authentication. */
    @Test
    default void unauthorizedAbortsThePushWithAuthentication() {
        todos().insert(item("a", "first", false));
        service().failNextRequests(1, 401);
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(PushResult.AbortReason.AUTHENTICATION, failure.result().abortReason());
        assertEquals(List.of("INSERT a"), queue());
    }

    /** Checks that unreachable server aborts with network and loses nothing. */
    @Test
    default void unreachableServerAbortsWithNetworkAndLosesNothing() {
        todos().insert(item("a", "offline", false));
        service().close();
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(PushResult.AbortReason.NETWORK, failure.result().abortReason());
        assertEquals(List.of("INSERT a"), queue());
        assertEquals("offline", todos().lookup("a").orElseThrow().get("text").asText());
    }

    /**
     * Checks that a second push joins the running one.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void aSecondPushJoinsTheRunningOne() throws Exception {
        GatedDelegate gate = new GatedDelegate();
        SyncClient slow = newClient(gate);
        slow.table("TodoItem").insert(item("a", "once", false));
        CompletableFuture<PushResult> first = slow.syncContext().push();
        gate.awaitInFlight();
        CompletableFuture<PushResult> second = slow.syncContext().push();
        gate.open();
        assertSame(await(first), await(second));
        assertEquals(1, gate.pushesCompleted.get(), "one push ran");
        assertEquals(1, requestLines().size(), "the insert was sent once");
    }

    /** Checks that operations on a table the server lacks wait after the first is rejected. */
    @Test
    default void operationsOnATableTheServerLacksWaitAfterTheFirstIsRejected() {
        SyncTable<ObjectNode> missing = client().table("NotOnServer");
        missing.insert(item("m1", "lost?", false));
        todos().insert(item("a", "fine", false));
        missing.insert(item("m2", "lost?", false));
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(1, failure.result().completedOperations());
        assertEquals(1, client().syncContext().errors().size(), "one error, not one per operation");
        assertTrue(client().syncContext().errors().get(0).message().contains("no table"),
                client().syncContext().errors().get(0).message());
        assertEquals(List.of("INSERT m1", "INSERT m2"), queue());
        assertEquals(1, requests().stream().filter(r -> r.path().contains("NotOnServer")).count());
    }

    /** Checks that delete of an item the server already deleted counts as done. */
    @Test
    default void deleteOfAnItemTheServerAlreadyDeletedCountsAsDone() {
        todos().insert(item("a", "doomed", false));
        await(client().syncContext().push());
        service().deleteDirect("TodoItem", "a");
        todos().deleteById("a");
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals(List.of(), queue());
        assertNotEquals(List.of(), requestLines());
    }
}

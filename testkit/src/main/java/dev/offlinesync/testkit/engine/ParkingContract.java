package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Operations the server rejects are parked, not stuck at the head; items deleted on the server are their own
 * kind of error with two resolutions; push answers are checked against the operation before anything is written.
 */
public interface ParkingContract extends EngineFixture {

    private PushResult failedPush() {
        return assertThrows(PushFailedException.class, () -> await(client().syncContext().push())).result();
    }

    private long posts(String id) {
        return requests().stream().filter(r -> r.method().equals("POST") && r.body() != null
                && r.body().contains("\"" + id + "\"")).count();
    }

    /**
     * Checks that a rejected operation is parked and tried again after its pause.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Test
    default void aRejectedOperationIsParkedAndTriedAgainAfterItsPause() throws InterruptedException {
        todos().insert(item("bad", "the server refuses this one", false));
        service().intercept(r -> r.body() != null && r.body().contains("\"bad\"") ? FakeResponse.error(400, "no") : null);
        assertEquals(1, failedPush().errors().size());
        PushResult again = failedPush();
        assertEquals(1, posts("bad"), "a parked operation is not sent again at once");
        assertEquals(OperationError.Reason.REJECTED, again.errors().get(0).reason(), "its error is still reported");
        Thread.sleep(1200); // the first pause is one second
        failedPush();
        assertEquals(2, posts("bad"), "after its pause it is tried again");
    }

    /** Checks that a local edit of a parked item is sent by the next push. */
    @Test
    default void aLocalEditOfAParkedItemIsSentByTheNextPush() {
        todos().insert(item("bad", "invalid", false));
        service().intercept(r -> r.body() != null && r.body().contains("invalid") ? FakeResponse.error(400, "no") : null);
        failedPush();
        todos().update(item("bad", "fixed", false));
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("fixed", serverItem("bad").get("text").asText());
    }

    private OperationError deletedOnTheServerWhileEditedHere() {
        todos().insert(item("a", "mine", false));
        await(client().syncContext().push());
        service().deleteDirect("TodoItem", "a");
        todos().update(item("a", "edited here", true));
        PushResult result = failedPush();
        OperationError error = result.errors().get(0);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason());
        return error;
    }

    /** Checks that an item deleted on the server while edited here can be let go. */
    @Test
    default void anItemDeletedOnTheServerWhileEditedHereCanBeLetGo() {
        deletedOnTheServerWhileEditedHere().acceptServerDeletion();
        assertTrue(todos().lookup("a").isEmpty());
        assertEquals(List.of(), queue());
        assertTrue(await(client().syncContext().push()).succeeded());
        assertTrue(serverItem("a").get("deleted").asBoolean(), "still deleted there");
    }

    /** Checks that an item deleted on the server while edited here can be recreated with the local values. */
    @Test
    default void anItemDeletedOnTheServerWhileEditedHereCanBeRecreatedWithTheLocalValues() {
        deletedOnTheServerWhileEditedHere().recreate();
        assertTrue(await(client().syncContext().push()).succeeded());
        ObjectNode server = serverItem("a");
        assertFalse(server.get("deleted").asBoolean(), "undeleted");
        assertEquals("edited here", server.get("text").asText());
        assertEquals(server.get("version"), todos().lookup("a").orElseThrow().get("version"));
        assertEquals(List.of(), client().syncContext().errors());
    }

    /** Checks that a push answer about another item is not written. */
    @Test
    default void aPushAnswerAboutAnotherItemIsNotWritten() {
        todos().insert(item("p1", "mine", false));
        service().intercept(r -> r.method().equals("POST")
                ? FakeResponse.json(201, wireItem("other", "x", "MQ==", "2026-01-01T00:00:00.000Z"))
                : null);
        PushResult result = failedPush();
        assertEquals(List.of("INSERT p1"), queue(), "the operation stays queued");
        assertTrue(todos().lookup("other").isEmpty(), "no phantom row");
        assertTrue(todos().lookup("p1").orElseThrow().get("version").isNull(), "nothing of the answer was applied");
        assertEquals(OperationError.Reason.BAD_ANSWER, result.errors().get(0).reason());
        service().clearFaults();
        result.errors().get(0).keepAndRetry(todos().lookup("p1").orElseThrow());
        assertTrue(await(client().syncContext().push()).succeeded(), "a good server afterwards recovers");
    }

    /** Checks that a delete answer never brings the row back. */
    @Test
    default void aDeleteAnswerNeverBringsTheRowBack() {
        todos().insert(item("a", "short-lived", false));
        await(client().syncContext().push());
        todos().deleteById("a");
        service().intercept(r -> r.method().equals("DELETE")
                ? FakeResponse.json(200, wireItem("a", "short-lived", "Mg==", "2026-01-01T00:00:00.000Z"))
                : null);
        assertTrue(await(client().syncContext().push()).succeeded());
        assertTrue(todos().lookup("a").isEmpty(), "a table without soft delete answers with the item: not written");
    }

    /**
     * Checks that the error of an edit whose item was deleted during its push goes with it.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Test
    default void theErrorOfAnEditWhoseItemWasDeletedDuringItsPushGoesWithIt() throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<dev.offlinesync.SyncTable<ObjectNode>> table =
                new java.util.concurrent.atomic.AtomicReference<>();
        SyncClient tablet = newClient(new dev.offlinesync.SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(dev.offlinesync.TableOperation operation) {
                if (operation.kind() == dev.offlinesync.OperationKind.UPDATE) {
                    table.get().deleteById(operation.itemId()); // the user deletes it while its edit is pushed
                }
                return operation.execute();
            }
        });
        table.set(tablet.table("TodoItem"));
        table.get().insert(item("a", "mine", false));
        await(tablet.syncContext().push());
        changedOnServer("a", "theirs");
        table.get().update(item("a", "mine, edited", false));
        assertThrows(PushFailedException.class, () -> await(tablet.syncContext().push()));
        Thread.sleep(1200); // past the parked edit's pause
        assertThrows(PushFailedException.class, () -> await(tablet.syncContext().push()));
        List<String> queued = tablet.syncContext().pendingOperations().stream().map(p -> p.id()).toList();
        for (OperationError error : tablet.syncContext().errors()) {
            assertTrue(queued.contains(error.operationId()), "an error without its operation: " + error);
        }
        assertEquals(List.of("DELETE a"), queue(tablet), "the delete is what is left to settle");
    }

    /**
     * Checks that force purge waits for the push sending one of the tables operations.
     *
     * @throws Exception on an unexpected failure, which fails the test
     */
    @Test
    default void forcePurgeWaitsForThePushSendingOneOfTheTablesOperations() throws Exception {
        GatedDelegate gate = new GatedDelegate();
        SyncClient slow = newClient(gate);
        slow.table("TodoItem").insert(item("a", "on its way", false));
        CompletableFuture<PushResult> push = slow.syncContext().push();
        gate.awaitInFlight();
        CompletableFuture<Void> purge = CompletableFuture.runAsync(() -> slow.table("TodoItem").forcePurge());
        Thread.sleep(100);
        assertFalse(purge.isDone(), "it waits for the operation on the wire");
        gate.open();
        await(push);
        await(purge);
        assertEquals(List.of(), queue(slow));
        assertEquals(0, slow.table("TodoItem").read(Query.all()).items().size());
        assertTrue(service().item("TodoItem", "a").isPresent(), "the server has it: a pull would bring it back");
    }

    /**
     * Checks that an operation the delegate cancelled (parked without a pause, so not counted as a failure) keeps its
     * error until it goes through, and that the push which sends it removes that error.
     */
    @Test
    default void anOperationCancelledOnceTakesItsErrorAlongWhenItGoesThrough() {
        AtomicBoolean refuse = new AtomicBoolean(true);
        SyncClient once = newClient(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (refuse.getAndSet(false)) {
                    operation.cancelPush();
                    throw new IllegalStateException("not now");
                }
                return operation.execute();
            }
        });
        once.table("TodoItem").insert(item("a", "mine", false));
        assertThrows(PushFailedException.class, () -> await(once.syncContext().push()));
        assertEquals(1, once.syncContext().errors().size(), "parked without a pause, with its error");

        assertTrue(await(once.syncContext().push()).succeeded());
        assertEquals(List.of(), once.syncContext().errors());
        assertEquals("mine", serverItem("a").get("text").asText());
    }
}

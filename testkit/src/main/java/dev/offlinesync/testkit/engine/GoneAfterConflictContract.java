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
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An update that gets a 412 without the server's item (a cut-off body, a proxy's page, another item) makes the
 * client fetch the item; when the server then has no such item (404, or 410 where deleted items answer so), the
 * item was deleted there: the operation is parked as {@code DELETED_ON_SERVER}, whose resolutions fit (take the
 * deletion, or bring the item back), not as a conflict that has no server item to resolve with.
 */
public interface GoneAfterConflictContract extends EngineFixture {

    /** The first update request is answered 412 with {@code body}; the server answers the rest itself. */
    private void firstUpdateFailsPreconditionWith(String body) {
        AtomicBoolean answered = new AtomicBoolean();
        service().intercept(r -> r.method().equals(updateMethod()) && answered.compareAndSet(false, true)
                ? FakeResponse.json(412, body) : null);
    }

    private OperationError parkedError(PushResult result) {
        assertEquals(1, result.errors().size(), "one operation parked: " + result.errors());
        return result.errors().get(0);
    }

    /** Pushes and checks that the push succeeded and the server has item "a" again, alive, with the local edit. */
    private void pushBringsTheEditedItemBack() {
        PushResult result = await(client().syncContext().push());
        assertTrue(result.succeeded(), "the push succeeds: " + result.errors());
        assertEquals("mine, edited", serverItem("a").get("text").asText());
        assertFalse(serverItem("a").path("deleted").asBoolean(false), "brought back");
    }

    /**
     * Pushes and checks the edit of item "a" is parked as deleted on the server, recreates it, and checks the next
     * push writes it to {@code table} again with the local edit.
     */
    private void parkedAsDeletedThenRecreatedInto(String table) {
        PushResult failed = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, parkedError(failed).reason());
        client().syncContext().errors().get(0).recreate();

        PushResult result = await(client().syncContext().push());

        assertTrue(result.succeeded(), "the push succeeds: " + result.errors());
        assertEquals("mine, edited", service().item(table, "a").orElseThrow().get("text").asText());
    }

    private void editedHereDeletedThere(SyncTable<ObjectNode> table, String name) {
        table.insert(item("a", "mine", false));
        await(client().syncContext().push());
        service().deleteDirect(name, "a");
        table.update(item("a", "mine, edited", false));
    }

    /** Checks that an update whose 412 has no item, of an item deleted on the server, is parked as deleted there. */
    @Test
    default void anUpdateWhosePreconditionFailedWithoutItemFindsTheItemDeletedThere() {
        editedHereDeletedThere(todos(), "TodoItem");
        firstUpdateFailsPreconditionWith("");

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        OperationError error = parkedError(result);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason(), error.message());
        assertEquals(List.of("UPDATE a"), queue(), "the edit stays queued");
        assertEquals("mine, edited", todos().lookup("a").orElseThrow().get("text").asText(), "and the local row");
        assertEquals(List.of(error.operationId()), client().syncContext().errors().stream()
                .map(OperationError::operationId).toList(), "the stored error says the same");
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, client().syncContext().errors().get(0).reason());
    }

    /** Checks that an update whose 412 carries another item, of an item deleted on the server, is parked so too. */
    @Test
    default void anUpdateWhosePreconditionFailedWithAnotherItemFindsTheItemDeletedThere() {
        editedHereDeletedThere(todos(), "TodoItem");
        firstUpdateFailsPreconditionWith(wireItem("b", "another", "AAAAAAAAB9E=", "2026-01-01T00:00:00.000Z"));

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(OperationError.Reason.DELETED_ON_SERVER, parkedError(result).reason());
        assertEquals(List.of("UPDATE a"), queue());
    }

    /** Checks that bringing back an item parked so undeletes it on the server with the local values. */
    @Test
    default void anItemFoundDeletedAfterAPreconditionFailedIsBroughtBackByRecreate() {
        editedHereDeletedThere(todos(), "TodoItem");
        firstUpdateFailsPreconditionWith("");
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));

        client().syncContext().errors().get(0).recreate();

        pushBringsTheEditedItemBack();
        assertEquals(List.of(), queue());
    }

    /** Checks that accepting the deletion of an item parked so removes the edit and the local row. */
    @Test
    default void anItemFoundDeletedAfterAPreconditionFailedGoesWhenTheDeletionIsAccepted() {
        editedHereDeletedThere(todos(), "TodoItem");
        firstUpdateFailsPreconditionWith("");
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));

        client().syncContext().errors().get(0).acceptServerDeletion();

        assertEquals(List.of(), queue());
        assertTrue(todos().lookup("a").isEmpty());
        assertTrue(await(client().syncContext().push()).succeeded());
    }

    /**
     * Checks that a recreate whose update gets a 412 without item, of an item the server deleted, still brings the
     * item back (the update finds it gone, then undeletes it) rather than parking it as a conflict.
     */
    @Test
    default void aRecreateWhoseUpdateGetsAPreconditionFailedWithoutItemStillBringsTheItemBack() {
        editedHereDeletedThere(todos(), "TodoItem");
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, client().syncContext().errors().get(0).reason(),
                "the server itself says so");
        client().syncContext().errors().get(0).recreate();
        firstUpdateFailsPreconditionWith("");

        pushBringsTheEditedItemBack();
    }

    /**
     * Checks that recreating an item the server removed for good (a table without soft delete, where an undelete
     * has nothing to bring back, or is refused outright as on Mobile Services) inserts it again.
     */
    @Test
    default void recreatingAnItemRemovedForGoodOnTheServerInsertsItAgain() {
        service().defineTable("PlainItem", false);
        SyncTable<ObjectNode> plain = client().table("PlainItem");
        editedHereDeletedThere(plain, "PlainItem");

        parkedAsDeletedThenRecreatedInto("PlainItem");
        assertEquals(List.of(), queue());
    }

    /** Checks that an item removed for good on the server, found after a 412 without item, is inserted again. */
    @Test
    default void anItemRemovedForGoodFoundAfterAPreconditionFailedIsInsertedAgainByRecreate() {
        service().defineTable("PlainItem", false);
        SyncTable<ObjectNode> plain = client().table("PlainItem");
        editedHereDeletedThere(plain, "PlainItem");
        firstUpdateFailsPreconditionWith("");

        parkedAsDeletedThenRecreatedInto("PlainItem");
    }

    /**
     * Checks that an insert whose answer was lost, edited since, and then deleted on the server while its retry
     * updates what it wrote there (409, then a 412 without item), is parked as deleted there, and recreate brings it
     * back.
     */
    @Test
    default void anInsertWhoseRetryFindsItsItemDeletedThereIsParkedSoAndRecreateBringsItBack() {
        AtomicBoolean lost = new AtomicBoolean();
        service().intercept(r -> {
            if (r.method().equals("POST") && "TodoItem".equals(r.table()) && lost.compareAndSet(false, true)) {
                service().insertDirect("TodoItem", item("a", "mine", false)); // the server applies it...
                return FakeResponse.disconnect(); // ...and the answer is lost
            }
            return null;
        });
        todos().insert(item("a", "mine", false));
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        todos().update(item("a", "mine, edited", false));
        AtomicBoolean deleted = new AtomicBoolean();
        service().intercept(r -> {
            if (r.method().equals(updateMethod()) && deleted.compareAndSet(false, true)) {
                service().deleteDirect("TodoItem", "a"); // another client deletes it just before the update
                return FakeResponse.json(412, "");
            }
            return null;
        });

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        OperationError error = parkedError(result);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason(), error.message());
        assertEquals(List.of("INSERT a"), queue());
        client().syncContext().errors().get(0).recreate();
        pushBringsTheEditedItemBack();
    }

    /**
     * Checks that an update whose 412 has no item, of an item alive and changed on the server, stays a conflict
     * carrying the server's item (fetched).
     */
    @Test
    default void anUpdateWhosePreconditionFailedWithoutItemOfAnItemAliveThereIsAConflict() {
        conflicting("a");
        firstUpdateFailsPreconditionWith("");

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        OperationError error = parkedError(result);
        assertEquals(OperationError.Reason.CONFLICT, error.reason());
        assertEquals("theirs", error.serverItem().get("text").asText());
    }

    /**
     * Checks that when the fetch after a 412 without item fails too, the client cannot tell whether the item is
     * gone: it stays a conflict (without server item), never a deletion the user would accept by mistake.
     */
    @Test
    default void anUpdateWhoseFetchAfterAPreconditionFailedFailsStaysAConflict() {
        editedHereDeletedThere(todos(), "TodoItem");
        AtomicBoolean answered = new AtomicBoolean();
        service().intercept(r -> {
            if (r.method().equals(updateMethod()) && answered.compareAndSet(false, true)) {
                return FakeResponse.json(412, "");
            }
            return r.method().equals("GET") && "a".equals(r.itemId()) ? FakeResponse.error(400, "refused") : null;
        });

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(OperationError.Reason.CONFLICT, parkedError(result).reason());
        assertEquals(List.of("UPDATE a"), queue());
    }
}

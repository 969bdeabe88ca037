package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A queued delete of an item another client already deleted on the server: everybody agrees on the outcome (the
 * item is gone), so the delete is done, whatever the server answers to say so (404, 410, or a 412 with the deleted
 * item). Only a server item that is alive and changed by someone else is a conflict to resolve.
 */
public interface DeletedElsewhereContract extends EngineFixture {

    private void pushed(String id) {
        todos().insert(item(id, "shared", false));
        await(client().syncContext().push());
    }

    private void deleteIsDone(PushResult result, String id) {
        assertTrue(result.succeeded(), "the push succeeds: " + result.errors());
        assertEquals(List.of(), queue(), "the delete is no longer queued");
        assertEquals(List.of(), client().syncContext().errors(), "nothing is parked");
        assertTrue(todos().lookup(id).isEmpty(), "the local row stays gone");
    }

    /** Checks that deleting an item another client soft-deleted on the server is done. */
    @Test
    default void deletingAnItemAnotherClientDeletedIsDone() {
        pushed("a");
        service().deleteDirect("TodoItem", "a"); // its version moves on: this client's delete is based on the old one
        todos().deleteById("a");

        deleteIsDone(await(client().syncContext().push()), "a");
        assertTrue(serverItem("a").get("deleted").asBoolean(), "still deleted there");
    }

    /** Checks that deleting an item another client edited and then deleted on the server is done. */
    @Test
    default void deletingAnItemAnotherClientEditedThenDeletedIsDone() {
        pushed("a");
        changedOnServer("a", "theirs");
        service().deleteDirect("TodoItem", "a");
        todos().deleteById("a");

        deleteIsDone(await(client().syncContext().push()), "a");
    }

    /** Checks that deleting an item another client removed for good (a table without soft delete) is done. */
    @Test
    default void deletingAnItemRemovedForGoodOnTheServerIsDone() {
        service().defineTable("PlainItem", false);
        SyncTable<ObjectNode> plain = client().table("PlainItem");
        plain.insert(item("p", "plain", false));
        await(client().syncContext().push());
        service().deleteDirect("PlainItem", "p");
        plain.deleteById("p");

        PushResult result = await(client().syncContext().push());

        assertTrue(result.succeeded(), "the push succeeds: " + result.errors());
        assertEquals(List.of(), queue());
        assertEquals(List.of(), client().syncContext().errors());
        assertTrue(service().item("PlainItem", "p").isEmpty());
    }

    /** Checks that deleting an item another client changed (alive on the server) is still a conflict. */
    @Test
    default void deletingAnItemAnotherClientChangedIsAConflict() {
        pushed("a");
        changedOnServer("a", "theirs");
        todos().deleteById("a");

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(OperationError.Reason.CONFLICT, result.errors().get(0).reason());
        assertEquals(List.of("DELETE a"), queue(), "the delete waits for a resolution");
        assertFalse(serverItem("a").get("deleted").asBoolean(), "not deleted there");
        assertEquals("theirs", result.errors().get(0).serverItem().get("text").asText());
    }

    /** Checks that a 412 carrying the deleted item asked about completes the delete. */
    @Test
    default void aPreconditionFailedWithTheDeletedItemCompletesTheDelete() {
        pushed("a");
        todos().deleteById("a");
        service().intercept(r -> r.method().equals("DELETE") ? FakeResponse.json(412, deletedWireItem("a")) : null);

        deleteIsDone(await(client().syncContext().push()), "a");
    }

    /**
     * Checks that a 412 carrying another item, deleted, is not taken for this item's deletion: the server's own
     * item is what counts (here alive and changed: a conflict).
     */
    @Test
    default void aPreconditionFailedWithAnotherDeletedItemIsNotTakenForThisOnesDeletion() {
        pushed("a");
        changedOnServer("a", "theirs");
        todos().deleteById("a");
        service().intercept(r -> r.method().equals("DELETE") ? FakeResponse.json(412, deletedWireItem("b")) : null);

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(List.of("DELETE a"), queue(), "the delete stays queued");
        assertEquals(OperationError.Reason.CONFLICT, result.errors().get(0).reason());
        assertEquals("a", result.errors().get(0).serverItem().get("id").asText(), "the server's own item");
    }

    /** Checks that a 412 without the item, for an item the server no longer has, completes the delete. */
    @Test
    default void aPreconditionFailedWithoutItemForAnItemDeletedThereCompletesTheDelete() {
        pushed("a");
        service().deleteDirect("TodoItem", "a");
        todos().deleteById("a");
        service().intercept(r -> r.method().equals("DELETE") ? FakeResponse.json(412, "") : null);

        deleteIsDone(await(client().syncContext().push()), "a");
    }

    private String deletedWireItem(String id) {
        String prefix = dialect() == ProtocolDialect.MOBILE_SERVICES ? "__" : "";
        ObjectNode item = EngineFixture.item(id, "gone", false);
        item.put(prefix + "version", "AAAAAAAAB9E=");
        item.put(prefix + "updatedAt", "2026-01-01T00:00:00.000Z");
        item.put(prefix + "deleted", true);
        return item.toString();
    }
}

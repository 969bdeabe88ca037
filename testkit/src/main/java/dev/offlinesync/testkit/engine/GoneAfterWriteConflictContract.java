package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An update answered 409 without a usable item (a server that found the row changed or gone while writing it, and
 * could not read it back; a cut-off body) makes the client fetch the item, as after a 412 without item. When the
 * server then has no such item, it was deleted there: the operation is parked as {@code DELETED_ON_SERVER} (take
 * the deletion, or bring the item back), the same as after a 412, not as a rejection nothing resolves.
 */
public interface GoneAfterWriteConflictContract extends EngineFixture {

    /** The first update request is answered 409 with an empty body; the server answers the rest itself. */
    private void firstUpdateConflictsWithoutItem() {
        AtomicBoolean answered = new AtomicBoolean();
        service().intercept(r -> r.method().equals(updateMethod()) && answered.compareAndSet(false, true)
                ? FakeResponse.json(409, "") : null);
    }

    private void editedHereDeletedThere() {
        todos().insert(item("a", "mine", false));
        await(client().syncContext().push());
        service().deleteDirect("TodoItem", "a");
        todos().update(item("a", "mine, edited", false));
    }

    /** Checks that an update answered 409 without item, of an item deleted on the server, is parked as deleted. */
    @Test
    default void anUpdateAnsweredConflictWithoutItemFindsTheItemDeletedThere() {
        editedHereDeletedThere();
        firstUpdateConflictsWithoutItem();

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(1, result.errors().size(), "one operation parked: " + result.errors());
        OperationError error = result.errors().get(0);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason(), error.message());
        assertEquals(409, error.status(), "the server's own status is kept");
        assertEquals(List.of("UPDATE a"), queue(), "the edit stays queued");
        assertEquals("mine, edited", todos().lookup("a").orElseThrow().get("text").asText(), "and the local row");
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, client().syncContext().errors().get(0).reason());

        client().syncContext().errors().get(0).recreate();
        PushResult again = await(client().syncContext().push());

        assertTrue(again.succeeded(), "the recreate brings it back: " + again.errors());
        assertEquals("mine, edited", serverItem("a").get("text").asText());
        assertEquals(List.of(), queue());
    }

    /**
     * Checks that a recreate whose update is answered 409 without item, of an item the server deleted, still brings
     * the item back (the update finds it gone, then undeletes it).
     */
    @Test
    default void aRecreateWhoseUpdateIsAnsweredConflictWithoutItemStillBringsTheItemBack() {
        editedHereDeletedThere();
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, client().syncContext().errors().get(0).reason(),
                "the server itself says so");
        client().syncContext().errors().get(0).recreate();
        firstUpdateConflictsWithoutItem();

        PushResult result = await(client().syncContext().push());

        assertTrue(result.succeeded(), "the push succeeds: " + result.errors());
        assertEquals("mine, edited", serverItem("a").get("text").asText());
        assertFalse(serverItem("a").path("deleted").asBoolean(false), "brought back");
        assertEquals(List.of(), queue());
    }

    /** Checks that an update answered 409 without item, of an item alive and changed there, is a conflict. */
    @Test
    default void anUpdateAnsweredConflictWithoutItemOfAnItemAliveThereIsAConflictWithTheFetchedItem() {
        conflicting("a");
        firstUpdateConflictsWithoutItem();

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(1, result.errors().size(), "one operation parked: " + result.errors());
        assertEquals(OperationError.Reason.CONFLICT, result.errors().get(0).reason());
        assertEquals("theirs", result.errors().get(0).serverItem().get("text").asText());
    }

    /**
     * Checks that an update answered 409 with the server's item marked deleted (a server that found the row deleted
     * while writing it) is parked as deleted there, as a 412 with the deleted item is, and recreate brings it back.
     */
    @Test
    default void anUpdateAnsweredConflictWithTheItemDeletedIsParkedAsDeletedThere() {
        editedHereDeletedThere();
        AtomicBoolean answered = new AtomicBoolean();
        service().intercept(r -> r.method().equals(updateMethod()) && answered.compareAndSet(false, true)
                ? FakeResponse.json(409, service().item("TodoItem", "a").orElseThrow().toString()) : null);

        PushResult result = assertThrows(PushFailedException.class,
                () -> await(client().syncContext().push())).result();

        assertEquals(1, result.errors().size(), "one operation parked: " + result.errors());
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, result.errors().get(0).reason(),
                result.errors().get(0).message());
        assertEquals(List.of("UPDATE a"), queue());
        client().syncContext().errors().get(0).recreate();
        PushResult again = await(client().syncContext().push());
        assertTrue(again.succeeded(), again.toString());
        assertEquals("mine, edited", serverItem("a").get("text").asText());
    }
}

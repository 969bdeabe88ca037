package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.PendingOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The collapse rules for two local changes to one item, cell by cell, and what a rejected change leaves behind (nothing). */
public interface QueueContract extends EngineFixture {

    /** Inserts items locally and pushes them, so they exist on both sides with no queued operation. */
    private void pushed(String... ids) {
        for (String id : ids) {
            todos().insert(item(id, "text " + id, false));
        }
        await(client().syncContext().push());
        service().clearRequests();
    }

    /**
     * Checks that items inserted without ids get time-ordered UUIDs (version 7), each greater than the one before, and
     * so do their queue entries: a B-tree keyed by them takes each new row on its last page.
     */
    @Test
    default void itemsInsertedWithoutIdsAndTheirQueueEntriesGetIdsThatGrowInTheOrderTheyAreMade() {
        List<String> made = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            made.add(todos().insert(item(null, "item " + n, false)).get("id").asText());
        }
        List<String> entries = client().syncContext().pendingOperations().stream().map(PendingOperation::id).toList();

        for (List<String> ids : List.of(made, entries)) {
            assertEquals(20, ids.size());
            for (String id : ids) {
                assertEquals(7, UUID.fromString(id).version(), id);
            }
            for (int n = 1; n < ids.size(); n++) {
                assertTrue(ids.get(n).compareTo(ids.get(n - 1)) > 0, ids.get(n) + " after " + ids.get(n - 1));
            }
        }
    }

    /** Checks that insert then update is one insert carrying the latest row. */
    @Test
    default void insertThenUpdateIsOneInsertCarryingTheLatestRow() {
        todos().insert(item("a", "first", false));
        todos().update(item("a", "second", true));
        assertEquals(List.of("INSERT a"), queue());
        await(client().syncContext().push());
        assertEquals(List.of("POST /tables/TodoItem"), requestLines());
        ObjectNode onServer = serverItem("a");
        assertEquals("second", onServer.get("text").asText());
        assertTrue(onServer.get("complete").asBoolean());
    }

    /** Checks that insert then delete leaves nothing to push. */
    @Test
    default void insertThenDeleteLeavesNothingToPush() {
        todos().insert(item("a", "first", false));
        todos().deleteById("a");
        assertEquals(List.of(), queue());
        assertTrue(todos().lookup("a").isEmpty());
        await(client().syncContext().push());
        assertEquals(List.of(), requestLines(), "nothing reaches the server");
    }

    /** Checks that update then update is one update. */
    @Test
    default void updateThenUpdateIsOneUpdate() {
        pushed("a");
        todos().update(item("a", "one", false));
        todos().update(item("a", "two", false));
        assertEquals(List.of("UPDATE a"), queue());
        await(client().syncContext().push());
        assertEquals(List.of(updateLine("a")), requestLines());
        assertEquals("two", serverItem("a").get("text").asText());
    }

    /** Checks that update then delete is one delete at the updates position. */
    @Test
    default void updateThenDeleteIsOneDeleteAtTheUpdatesPosition() {
        pushed("a", "b");
        todos().update(item("a", "changed", false));
        todos().update(item("b", "changed", false));
        todos().deleteById("a");
        assertEquals(List.of("DELETE a", "UPDATE b"), queue());
        await(client().syncContext().push());
        assertEquals(List.of("DELETE /tables/TodoItem/a", updateLine("b")), requestLines());
        assertTrue(serverItem("a").get("deleted").asBoolean(), "a is deleted on the server");
    }

    /** Checks that delete then insert is one update carrying the new item. */
    @Test
    default void deleteThenInsertIsOneUpdateCarryingTheNewItem() {
        pushed("a");
        String version = todos().lookup("a").orElseThrow().get("version").asText();
        todos().deleteById("a");
        todos().insert(item("a", "re-created", true));
        assertEquals(List.of("UPDATE a"), queue());
        await(client().syncContext().push());
        assertEquals(List.of(updateLine("a")), requestLines());
        assertEquals("\"" + version + "\"", requests().get(0).header("If-Match"),
                "the update is based on the deleted item's version");
        ObjectNode onServer = serverItem("a");
        assertEquals("re-created", onServer.get("text").asText());
    }

    /** Checks that insert then insert is rejected and changes nothing. */
    @Test
    default void insertThenInsertIsRejectedAndChangesNothing() {
        todos().insert(item("a", "first", false));
        assertThrows(QueueRejectedException.class, () -> todos().insert(item("a", "second", true)));
        assertEquals("first", todos().lookup("a").orElseThrow().get("text").asText());
        assertEquals(List.of("INSERT a"), queue());
    }

    /** Checks that update then insert is rejected and changes nothing. */
    @Test
    default void updateThenInsertIsRejectedAndChangesNothing() {
        pushed("a");
        todos().update(item("a", "updated", false));
        assertThrows(QueueRejectedException.class, () -> todos().insert(item("a", "inserted", true)));
        assertEquals("updated", todos().lookup("a").orElseThrow().get("text").asText());
        assertEquals(List.of("UPDATE a"), queue());
    }

    /** Checks that delete then update is rejected and changes nothing. */
    @Test
    default void deleteThenUpdateIsRejectedAndChangesNothing() {
        pushed("a");
        todos().deleteById("a");
        assertThrows(QueueRejectedException.class, () -> todos().update(item("a", "updated", false)));
        assertTrue(todos().lookup("a").isEmpty());
        assertEquals(List.of("DELETE a"), queue());
    }

    /** Checks that delete then delete is rejected and changes nothing. */
    @Test
    default void deleteThenDeleteIsRejectedAndChangesNothing() {
        pushed("a");
        todos().deleteById("a");
        assertThrows(QueueRejectedException.class, () -> todos().deleteById("a"));
        assertEquals(List.of("DELETE a"), queue());
    }

    /** Checks that deleting an item whose update was rejected drops the stale error. */
    @Test
    default void deletingAnItemWhoseUpdateWasRejectedDropsTheStaleError() {
        conflicting("a");
        assertThrows(dev.offlinesync.PushFailedException.class, () -> await(client().syncContext().push()));
        assertEquals(1, client().syncContext().errors().size());
        todos().deleteById("a");
        assertEquals(List.of("DELETE a"), queue());
        assertEquals(List.of(), client().syncContext().errors(), "the error was about the update, which is gone");
    }

    /** Checks that insert of an item that was pulled is rejected. */
    @Test
    default void insertOfAnItemThatWasPulledIsRejected() {
        service().insertDirect("TodoItem", item("p", "from server", false));
        await(todos().pull(dev.offlinesync.Query.all(), null));
        assertThrows(QueueRejectedException.class, () -> todos().insert(item("p", "mine", false)));
        assertEquals(List.of(), queue());
        assertEquals("from server", todos().lookup("p").orElseThrow().get("text").asText(), "the pulled row is kept");
    }

    /** Checks that update or delete of an unknown item is rejected. */
    @Test
    default void updateOrDeleteOfAnUnknownItemIsRejected() {
        assertThrows(QueueRejectedException.class, () -> todos().update(item("nope", "x", false)));
        assertThrows(QueueRejectedException.class, () -> todos().deleteById("nope"));
        assertEquals(List.of(), queue());
    }

    /** Checks that insert without id gets a uuid and is queued. */
    @Test
    default void insertWithoutIdGetsAUuidAndIsQueued() {
        ObjectNode stored = todos().insert(item(null, "no id", false));
        String id = stored.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertEquals(List.of("INSERT " + id), queue());
    }

    /** Checks that invalid ids are refused before anything is written. */
    @Test
    default void invalidIdsAreRefusedBeforeAnythingIsWritten() {
        SyncTable<ObjectNode> todos = todos();
        for (String bad : List.of("", "   ", "a\nb", "x".repeat(256), "..")) {
            assertThrows(InvalidItemException.class, () -> todos.insert(item(bad, "x", false)), "id " + bad);
        }
        ObjectNode numericId = item(null, "x", false);
        numericId.put("id", 42);
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> todos.insert(numericId));
        assertTrue(e.getMessage().contains("string 'id'"), e.getMessage());
        assertEquals(List.of(), queue());
        assertEquals(0, todos.read(dev.offlinesync.Query.all()).items().size());
    }

    /** Checks that ids with quotes percent and unicode round trip to the server. */
    @Test
    default void idsWithQuotesPercentAndUnicodeRoundTripToTheServer() {
        // Mobile Services refuses quotes, slashes, ?, +, backslashes and backticks in ids
        String id = dialect() == dev.offlinesync.ProtocolDialect.MOBILE_SERVICES ? "it's 50% -- é 🙂; spaced"
                : "it's 50% -- \"quoted\"; é 🙂 / slash";
        todos().insert(item(id, "hostile id", false));
        await(client().syncContext().push());
        assertTrue(service().item("TodoItem", id).isPresent(), "server has the exact id");
        todos().update(item(id, "changed", false));
        todos().deleteById(id);
        await(client().syncContext().push());
        assertTrue(serverItem(id).get("deleted").asBoolean(),
                "deleted on the server by the exact id");
        assertFalse(requests().isEmpty());
    }
}

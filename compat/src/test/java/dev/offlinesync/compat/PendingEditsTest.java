package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.compat.ConflictDialog.Answer;
import org.junit.jupiter.api.Test;

/**
 * A pull never overwrites a local edit that is not pushed yet. The row is edited on the device and changed on the
 * server by another app. A pull pushes first, so the edit meets the server's change as a conflict and the pull
 * stops before bringing anything; an edit made while a pull runs is skipped by the pull's later pages. Either
 * way the edit survives, the next push conflicts, and resolving the conflict puts the edit on the server.
 */
class PendingEditsTest extends ScenarioTest {

    /** Another app changing rows on the server directly. */
    private final RawTables otherApp = rest;

    PendingEditsTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void aPullWhoseImplicitPushConflictsGoesOnAndLeavesTheLocalEdit() {
        SyncClient phone = devices.device();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        todos.insert(todo("bread", "buy bread", false));
        await(phone.syncContext().push());
        changedByTheOtherApp("milk", "buy milk (from the web)");
        changedByTheOtherApp("bread", "buy rye bread");

        todos.update(todo("milk", "buy 2 milk", false));
        PullResult first = await(todos.pull(Query.all(), "all-todos"));

        assertEquals(1, first.skippedPending(), "the conflicting row is left alone");
        ObjectNode local = todos.lookup("milk").orElseThrow();
        assertEquals("buy 2 milk", local.get("text").asText(), "the local edit is left as it was");
        assertEquals("MQ==", local.get("version").asText(), "still based on the version it edited");
        assertEquals("buy rye bread", todos.lookup("bread").orElseThrow().get("text").asText(),
                "a conflict on one item does not hold back the pull of the others");
        assertEquals(1, phone.syncContext().pendingOperationCount());

        OperationError conflict = phone.syncContext().errors().get(0);
        assertEquals(412, conflict.status());
        assertEquals("milk", conflict.itemId());
        assertEquals("buy 2 milk", conflict.clientItem().get("text").asText());
        assertEquals("buy milk (from the web)", conflict.serverItem().get("text").asText());
        ObjectNode mineOnTheirVersion = conflict.clientItem().put("version", conflict.serverItem().get("version").asText());
        conflict.keepAndRetry(mineOnTheirVersion);

        PullResult pull = await(todos.pull(Query.all(), "all-todos"));

        assertEquals("buy 2 milk", otherApp.item("TodoItem", "milk").get("text").asText(), "the edit won on the server");
        assertEquals(0, pull.skippedPending());
        assertEquals(List.of(), phone.syncContext().errors());
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void anEditMadeWhileAPullRunsIsSkippedByThePullAndItsConflictResolvedOnTheNextPush() {
        ConflictDialog dialog = new ConflictDialog(Answer.USE_CLIENT);
        SyncClient phone = devices.device(dialog);
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        for (String id : List.of("a-milk", "b-bread", "x-eggs")) {
            todos.insert(todo(id, "buy " + id, false));
        }
        await(phone.syncContext().push());
        await(todos.pull(Query.all(), "all-todos"));
        for (String id : List.of("a-milk", "b-bread", "x-eggs")) { // in this (updatedAt, id) order on the server
            changedByTheOtherApp(id, id + " changed on the web");
        }

        PullOptions editDuringThePull = PullOptions.defaults().withPageSize(2).withProgress(progress -> {
            if (progress.pages() == 1) {
                todos.update(todo("x-eggs", "a dozen eggs", true)); // the user taps Save mid-refresh
            }
        });
        PullResult pull = await(todos.pull(Query.all(), "all-todos", editDuringThePull));

        assertEquals(3, pull.received());
        assertEquals(1, pull.skippedPending(), "x-eggs came in the second page, after the edit was queued");
        assertEquals("a-milk changed on the web", todos.lookup("a-milk").orElseThrow().get("text").asText());
        ObjectNode edited = todos.lookup("x-eggs").orElseThrow();
        assertEquals("a dozen eggs", edited.get("text").asText(), "the pull left the local edit");
        assertEquals("MQ==", edited.get("version").asText());

        PushResult push = await(phone.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(1, dialog.questions().size(), "the push conflicted once");
        assertEquals("x-eggs changed on the web", dialog.questions().get(0).serverItem().get("text").asText());
        ObjectNode onServer = otherApp.item("TodoItem", "x-eggs");
        assertEquals("a dozen eggs", onServer.get("text").asText(), "Use Client: the edit is on the server");
        assertTrue(onServer.get("complete").asBoolean());
        assertEquals(onServer.get("version"), todos.lookup("x-eggs").orElseThrow().get("version"));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    /** Another app changes the item's text on the server, based on the version it just read. */
    private void changedByTheOtherApp(String id, String text) {
        String version = otherApp.item("TodoItem", id).get("version").asText();
        RawTables.Exchange patched = otherApp.patch("TodoItem", id,
                JsonNodeFactory.instance.objectNode().put("text", text), version);
        assertEquals(200, patched.status(), patched.toString());
    }
}

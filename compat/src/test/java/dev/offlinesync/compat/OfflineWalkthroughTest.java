package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.Filter;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.compat.ConflictDialog.Answer;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough the library grew from, against the real Node server: a todo added while the server is down
 * reaches it with the next refresh (a pull, which pushes first); then the same item is edited on a phone and
 * on a tablet, and the tablet's conflict is resolved with each button of the walkthrough's dialog.
 */
class OfflineWalkthroughTest extends ScenarioTest {

    /** The app's list: the incomplete items. */
    private static final Query OPEN_TODOS = Query.all().where(Filter.eq("complete", false));

    OfflineWalkthroughTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void aTodoAddedWhileTheServerIsDownReachesItWithTheNextRefresh() {
        SyncClient phone = devices.device();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");

        server.stop();
        todos.insert(todo("milk", "buy milk", false));
        assertEquals("buy milk", todos.lookup("milk").orElseThrow().get("text").asText(), "local at once");

        PushFailedException offline = awaitFailure(PushFailedException.class, todos.pull(OPEN_TODOS, "open-todos"));
        assertEquals(PushResult.AbortReason.NETWORK, offline.result().abortReason(), offline.getMessage());
        assertEquals(0, offline.result().completedOperations());
        assertEquals(1, phone.syncContext().pendingOperationCount(), "the insert stays queued");
        assertEquals(List.of(), phone.syncContext().errors(), "being offline is not an error of the item");

        server.restart();
        assertEquals(0, ServerRows.countTodos(server), "nothing reached the server while it was down");

        PullResult refresh = await(todos.pull(OPEN_TODOS, "open-todos"));
        assertEquals(0, phone.syncContext().pendingOperationCount());
        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy milk", onServer.get("text").asText());
        assertEquals(onServer, Devices.asServerSendsIt(todos.lookup("milk").orElseThrow()),
                "the local row is the server's row, with its version and timestamps");
        assertEquals(1, refresh.received(), "the pull brought the pushed item back once");
        assertEquals(1, refresh.unchanged(), "and did not rewrite it: the push had stored the server's version");
    }

    @Test
    void useClientRetriesWithTheServersVersionAndTheTabletsEditWins() {
        ConflictDialog dialog = new ConflictDialog(Answer.USE_CLIENT);
        Edited edited = editTheSameTodoOnTwoDevices(dialog);

        PushResult push = await(edited.tablet.syncContext().push());

        assertEquals(1, push.completedOperations());
        ConflictException asked = dialog.questions().get(0);
        assertEquals(1, dialog.questions().size(), "one question: the retry with the server's version went through");
        assertEquals(412, asked.status());
        assertEquals("buy oat milk", asked.serverItem().get("text").asText(), "the dialog showed the phone's edit");
        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy 2 milk", onServer.get("text").asText(), "the tablet's values won");
        assertTrue(onServer.get("complete").asBoolean());
        assertEquals("Mw==", onServer.get("version").asText(), "insert, phone's edit, tablet's edit: version 3");
        assertEquals(onServer.get("version"), edited.tabletTodos.lookup("milk").orElseThrow().get("version"));
        assertEquals(List.of(), edited.tablet.syncContext().pendingOperations());

        await(edited.phoneTodos.pull(Query.all(), "all-todos"));
        assertEquals("buy 2 milk", edited.phoneTodos.lookup("milk").orElseThrow().get("text").asText(),
                "the phone gets the winning edit with its next pull");
    }

    @Test
    void useServerMakesTheTabletsRowTheServersAndDropsItsEdit() {
        ConflictDialog dialog = new ConflictDialog(Answer.USE_SERVER);
        Edited edited = editTheSameTodoOnTwoDevices(dialog);

        PushResult push = await(edited.tablet.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(1, dialog.questions().size());
        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy oat milk", onServer.get("text").asText());
        assertEquals("Mg==", onServer.get("version").asText(), "the server was not written to again");
        assertEquals(onServer, Devices.asServerSendsIt(edited.tabletTodos.lookup("milk").orElseThrow()),
                "the tablet's row is now exactly the server's");
        assertEquals(List.of(), edited.tablet.syncContext().pendingOperations(), "the operation is gone");
        assertEquals(List.of(), edited.tablet.syncContext().errors());
    }

    @Test
    void cancelStopsThePushAndKeepsTheEditQueuedUntilTheUserDecides() {
        ConflictDialog dialog = new ConflictDialog(Answer.CANCEL);
        Edited edited = editTheSameTodoOnTwoDevices(dialog);
        edited.tabletTodos.insert(todo("bread", "buy bread", false));

        PushFailedException cancelled = awaitFailure(PushFailedException.class, edited.tablet.syncContext().push());

        assertEquals(PushResult.AbortReason.CANCELLED, cancelled.result().abortReason());
        assertTrue(cancelled.getMessage().contains("Not all operations completed successfully"), cancelled.getMessage());
        assertEquals(List.of(OperationKind.UPDATE, OperationKind.INSERT),
                edited.tablet.syncContext().pendingOperations().stream().map(PendingOperation::kind).toList(),
                "the cancelled update and everything after it stay queued, in order");
        ObjectNode tabletRow = edited.tabletTodos.lookup("milk").orElseThrow();
        assertEquals("buy 2 milk", tabletRow.get("text").asText(), "the tablet's edit is intact");
        assertEquals("MQ==", tabletRow.get("version").asText(), "still based on the version it edited");
        assertEquals("buy oat milk", rest.item("TodoItem", "milk").get("text").asText());
        assertEquals(404, rest.get("TodoItem", "bread").status(), "nothing after the cancelled operation was sent");

        dialog.answer(Answer.USE_CLIENT);
        PushResult later = await(edited.tablet.syncContext().push());
        assertEquals(2, later.completedOperations(), "asked again on the next push, the user chose Use Client");
        assertEquals("buy 2 milk", rest.item("TodoItem", "milk").get("text").asText());
        assertEquals("buy bread", rest.item("TodoItem", "bread").get("text").asText());
        assertEquals(List.of(), edited.tablet.syncContext().errors(), "the conflict recorded by Cancel is resolved");
    }

    /** Two devices and the item both edited; the phone's edit is on the server, the tablet's is queued. */
    private record Edited(SyncClient phone, SyncTable<ObjectNode> phoneTodos, SyncClient tablet,
                          SyncTable<ObjectNode> tabletTodos) {
    }

    private Edited editTheSameTodoOnTwoDevices(ConflictDialog tabletDialog) {
        SyncClient phone = devices.device();
        SyncClient tablet = devices.device(tabletDialog);
        SyncTable<ObjectNode> phoneTodos = phone.table("TodoItem");
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");

        phoneTodos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        await(tabletTodos.pull(OPEN_TODOS, "open-todos"));
        assertEquals("MQ==", tabletTodos.lookup("milk").orElseThrow().get("version").asText());

        phoneTodos.update(todo("milk", "buy oat milk", false));
        await(phone.syncContext().push());
        tabletTodos.update(todo("milk", "buy 2 milk", true));
        assertEquals("Mg==", rest.item("TodoItem", "milk").get("version").asText());
        assertTrue(tabletDialog.questions().isEmpty());
        return new Edited(phone, phoneTodos, tablet, tabletTodos);
    }
}

package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An item deleted on the server (by another app) while this device edited it: the push says so with its own
 * error kind, and either resolution ends with the device and the server converged.
 */
class DeletedOnServerTest extends ScenarioTest {

    DeletedOnServerTest(NodeTableServer server) {
        super(server);
    }

    private SyncClient phone;
    private SyncTable<ObjectNode> todos;

    private OperationError editedHereWhileDeletedThere() {
        phone = devices.device();
        todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        String version = rest.item("TodoItem", "milk").get("version").asText();
        assertEquals(200, rest.delete("TodoItem", "milk", version).status(), "another app deletes it");
        todos.update(todo("milk", "buy 2 milk", false));

        OperationError error = awaitFailure(PushFailedException.class, phone.syncContext().push()).result().errors().get(0);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason());
        assertEquals(404, error.status());
        return error;
    }

    private List<String> liveOnServer() {
        return rest.list("TodoItem", Map.of()).json().findValuesAsText("id");
    }

    @Test
    void acceptingTheServersDeletionRemovesTheItemHere() {
        editedHereWhileDeletedThere().acceptServerDeletion();

        assertTrue(todos.lookup("milk").isEmpty());
        assertEquals(0, phone.syncContext().pendingOperationCount());
        await(todos.pull(Query.all(), "all"));
        assertTrue(todos.lookup("milk").isEmpty(), "the pull does not bring it back");
        assertEquals(List.of(), liveOnServer());
    }

    @Test
    void recreatingTheItemBringsItBackOnTheServerWithTheLocalValues() {
        editedHereWhileDeletedThere().recreate();

        await(phone.syncContext().push());

        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy 2 milk", onServer.get("text").asText());
        assertEquals(List.of("milk"), liveOnServer());
        await(todos.pull(Query.all(), "all"));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
        assertEquals(List.of(), phone.syncContext().errors());
    }
}

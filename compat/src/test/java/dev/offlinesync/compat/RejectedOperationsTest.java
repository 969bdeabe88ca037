package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.asServerSendsIt;
import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.compat.ConflictDialog.Answer;
import org.junit.jupiter.api.Test;

/**
 * What the Node server rejects, and what the device ends with: a table the server does not define (an HTML 404
 * from Express) is a clear error; an insert of an id that exists is a 409 whose body only echoes what was sent,
 * so the library fetches the server's real row, and the device can end with exactly that row, or win with its
 * own values.
 */
class RejectedOperationsTest extends ScenarioTest {

    RejectedOperationsTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void aPullOfATableTheServerDoesNotHaveSaysSo() {
        SyncTable<ObjectNode> missing = devices.device().table("TodoItems");

        NoSuchTableException error = awaitFailure(NoSuchTableException.class, missing.pull(Query.all(), null));

        assertEquals(404, error.status());
        assertTrue(error.getMessage().contains("tables/TodoItems"), error.getMessage());
        assertTrue(error.getMessage().contains("check the table name"), error.getMessage());
    }

    @Test
    void aPushToATableTheServerDoesNotHaveRejectsOnlyThoseOperations() {
        SyncClient phone = devices.device();
        SyncTable<ObjectNode> missing = phone.table("TodoItems");
        missing.insert(todo("typo", "in the wrong table", false));
        phone.table("TodoItem").insert(todo("milk", "buy milk", false));

        PushResult push = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(1, push.completedOperations(), "the other table's insert went through");
        OperationError error = push.errors().get(0);
        assertEquals("typo", error.itemId());
        assertEquals(404, error.status());
        assertTrue(error.message().contains("no table at tables/TodoItems"), error.message());
        assertEquals("buy milk", rest.item("TodoItem", "milk").get("text").asText());

        missing.forcePurge();
        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(List.of(), phone.syncContext().errors());
    }

    @Test
    void aDuplicateInsertEndsWithTheServersRealRowNotTheEchoedBody() {
        Duplicate duplicate = insertTheSameIdOnTwoDevices(null);

        PushResult push = awaitFailure(PushFailedException.class, duplicate.tablet.syncContext().push()).result();

        OperationError error = push.errors().get(0);
        assertEquals(409, error.status());
        ObjectNode real = rest.item("TodoItem", "milk");
        assertEquals(real, error.serverItem(), "the server's row, fetched; the 409's body held the tablet's text");
        assertEquals("buy MILK", error.clientItem().get("text").asText());

        error.cancelAndUpdate(error.serverItem());

        assertEquals(real, asServerSendsIt(duplicate.tabletTodos.lookup("milk").orElseThrow()));
        assertEquals(0, duplicate.tablet.syncContext().pendingOperationCount());
        assertEquals(real, rest.item("TodoItem", "milk"), "the server's row was not touched");
    }

    @Test
    void aDuplicateInsertAnsweredUseServerInTheDelegateTakesTheServersRealRow() {
        ConflictDialog dialog = new ConflictDialog(Answer.USE_SERVER);
        Duplicate duplicate = insertTheSameIdOnTwoDevices(dialog);

        assertTrue(await(duplicate.tablet.syncContext().push()).succeeded());

        assertEquals(409, dialog.questions().get(0).status());
        ObjectNode real = rest.item("TodoItem", "milk");
        assertEquals(real, asServerSendsIt(duplicate.tabletTodos.lookup("milk").orElseThrow()));
        assertEquals("MQ==", real.get("version").asText());
    }

    @Test
    void aDuplicateInsertAnsweredUseClientPutsTheTabletsValuesOnTheServer() {
        ConflictDialog dialog = new ConflictDialog(Answer.USE_CLIENT);
        Duplicate duplicate = insertTheSameIdOnTwoDevices(dialog);

        PushResult push = await(duplicate.tablet.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(1, dialog.questions().size(), "one question; the retry with the server's version went through");
        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy MILK", onServer.get("text").asText());
        assertEquals("Mg==", onServer.get("version").asText(), "written once more, over the phone's version");
        assertEquals(onServer, asServerSendsIt(duplicate.tabletTodos.lookup("milk").orElseThrow()));
    }

    @Test
    void aDuplicateInsertResolvedKeepAndRetryWithTheServersVersionPushesTheTabletsValues() {
        Duplicate duplicate = insertTheSameIdOnTwoDevices(null);
        OperationError error = awaitFailure(PushFailedException.class, duplicate.tablet.syncContext().push())
                .result().errors().get(0);

        error.keepAndRetry(error.clientItem().put("version", error.serverItem().get("version").asText()));
        PushResult push = await(duplicate.tablet.syncContext().push());

        assertEquals(1, push.completedOperations());
        ObjectNode onServer = rest.item("TodoItem", "milk");
        assertEquals("buy MILK", onServer.get("text").asText());
        assertEquals(onServer, asServerSendsIt(duplicate.tabletTodos.lookup("milk").orElseThrow()));
    }

    /** The phone's insert is on the server; the tablet inserted the same id with other values, not pushed yet. */
    private record Duplicate(SyncClient tablet, SyncTable<ObjectNode> tabletTodos) {
    }

    private Duplicate insertTheSameIdOnTwoDevices(ConflictDialog tabletDialog) {
        SyncClient phone = devices.device();
        phone.table("TodoItem").insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        SyncClient tablet = devices.device(tabletDialog);
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");
        tabletTodos.insert(todo("milk", "buy MILK", true));

        RawTables.Exchange echo = rest.insert("TodoItem", todo("milk", "buy MILK", true));
        assertEquals(409, echo.status());
        assertEquals(todo("milk", "buy MILK", true), echo.item(), "this server's 409 echoes the submitted item");
        assertNotEquals(rest.item("TodoItem", "milk").get("text"), echo.item().get("text"));
        return new Duplicate(tablet, tabletTodos);
    }
}

package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes reach other devices: the Node server soft-deletes (the row stays, {@code deleted = 1}) and lists the
 * tombstone with {@code __includeDeleted=true}, so the next pull of another device removes its copy. Deleting
 * an item that someone else already deleted on the server is done, not an error.
 */
class DeletesPropagateTest extends ScenarioTest {

    private SyncClient phone;
    private SyncClient tablet;
    private SyncTable<ObjectNode> phoneTodos;
    private SyncTable<ObjectNode> tabletTodos;

    DeletesPropagateTest(NodeTableServer server) {
        super(server);
    }

    @BeforeEach
    void twoDevicesWithTheSameTodos() {
        phone = devices.device();
        tablet = devices.device();
        phoneTodos = phone.table("TodoItem");
        tabletTodos = tablet.table("TodoItem");
        for (String id : List.of("milk", "bread", "eggs")) {
            phoneTodos.insert(todo(id, "buy " + id, false));
        }
        await(phone.syncContext().push());
        assertEquals(3, await(tabletTodos.pull(Query.all(), "all-todos")).upserted());
    }

    @Test
    void aDeleteOnThePhoneRemovesTheRowFromTheTabletWithItsNextPull() {
        phoneTodos.deleteById("bread");
        assertEquals(1, await(phone.syncContext().push()).completedOperations());

        List<Map<String, Object>> stored = server.querySql("SELECT deleted, version FROM TodoItem WHERE id = 'bread'");
        assertEquals(List.of(Map.of("deleted", 1, "version", "2")), stored, "soft-deleted: the row stays as a tombstone");
        assertEquals(404, rest.get("TodoItem", "bread").status(), "a deleted item is 404 by id");

        PullResult pull = await(tabletTodos.pull(Query.all(), "all-todos"));

        assertEquals(1, pull.deleted(), "the tombstone removed the tablet's copy");
        assertEquals(1, pull.received(), "an incremental pull: only the tombstone came");
        assertTrue(tabletTodos.lookup("bread").isEmpty());
        assertEquals(List.of("eggs", "milk"), ids(tabletTodos));
        assertEquals(0, tablet.syncContext().pendingOperationCount(), "a pulled delete queues nothing");
    }

    @Test
    void aFullPullWithoutQueryIdRemovesDeletedRowsToo() {
        phoneTodos.deleteById("milk");
        await(phone.syncContext().push());

        PullResult pull = await(tabletTodos.pull(Query.all(), null));

        assertEquals(1, pull.deleted());
        assertEquals(2, pull.unchanged(), "the rows it already had at the server's version are not rewritten");
        assertEquals(List.of("bread", "eggs"), ids(tabletTodos));
    }

    @Test
    void deletingAnItemTheServerAlreadyDeletedCountsAsDone() {
        phoneTodos.deleteById("eggs");
        await(phone.syncContext().push());
        String tombstoneVersion = (String) server.querySql("SELECT version FROM TodoItem WHERE id = 'eggs'")
                .get(0).get("version");

        tabletTodos.deleteById("eggs"); // the tablet has not pulled: it deletes the version it knows
        PushResult push = await(tablet.syncContext().push());

        assertEquals(1, push.completedOperations(), "the server's 404 for an already deleted item means done");
        assertEquals(List.of(), push.errors());
        assertEquals(List.of(), tablet.syncContext().pendingOperations());
        assertEquals(List.of(), tablet.syncContext().errors());
        assertEquals(List.of(Map.of("deleted", 1, "version", tombstoneVersion)),
                server.querySql("SELECT deleted, version FROM TodoItem WHERE id = 'eggs'"),
                "the tombstone is untouched: the second delete wrote nothing");
    }

    @Test
    void aDeleteCarriesTheVersionItWasBasedOnSoAnEditElsewhereIsAConflict() {
        phoneTodos.update(todo("milk", "buy oat milk", false));
        await(phone.syncContext().push());

        tabletTodos.deleteById("milk"); // based on version 1; the server has 2
        PushResult push = Devices.awaitFailure(dev.offlinesync.PushFailedException.class,
                tablet.syncContext().push()).result();

        assertEquals(1, push.errors().size());
        assertEquals(412, push.errors().get(0).status());
        assertEquals("buy oat milk", push.errors().get(0).serverItem().get("text").asText());
        assertEquals("buy oat milk", rest.item("TodoItem", "milk").get("text").asText(), "not deleted");
        push.errors().get(0).cancelAndUpdate(push.errors().get(0).serverItem());
        assertEquals("buy oat milk", tabletTodos.lookup("milk").orElseThrow().get("text").asText(),
                "taking the server's item brings the row back on the tablet");
    }

    @Test
    void onATableWithoutSoftDeleteTheRowIsGoneForGoodAndASecondDeleteIsDone() {
        SyncTable<ObjectNode> phoneNotes = phone.table("PlainItem");
        SyncTable<ObjectNode> tabletNotes = tablet.table("PlainItem");
        phoneNotes.insert(JsonNodeFactory.instance.objectNode().put("id", "note").put("text", "hello"));
        await(phone.syncContext().push());
        await(tabletNotes.pull(Query.all(), "all-notes"));

        phoneNotes.deleteById("note");
        await(phone.syncContext().push());
        assertEquals(List.of(), server.querySql("SELECT id FROM PlainItem"), "hard-deleted on the server");

        PullResult pull = await(tabletNotes.pull(Query.all(), "all-notes"));
        assertEquals(0, pull.received(), "no tombstone: this server cannot tell other devices about the delete");
        assertTrue(tabletNotes.lookup("note").isPresent(), "so the tablet keeps its copy until it purges");

        tabletNotes.deleteById("note");
        assertTrue(await(tablet.syncContext().push()).succeeded(), "deleting what is already gone is done");
    }

    private static List<String> ids(SyncTable<ObjectNode> table) {
        return table.read(Query.all().orderBy("id")).items().stream().map(item -> item.get("id").asText()).toList();
    }
}

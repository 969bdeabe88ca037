package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A filtered incremental pull only hears about rows that match its filter: a row changed on the server so that it
 * no longer matches is never sent again for that filter, so the local copy stays as it was. A reconciling pull
 * reads the whole query and removes such rows (not those with a local change waiting to be pushed).
 */
class ReconcilePullTest extends ScenarioTest {

    private static final Query OPEN = Query.all().where(Filter.eq("complete", false));
    private static final String OPEN_ID = "open-todos";

    private SyncClient phone;
    private SyncTable<ObjectNode> phoneTodos;

    ReconcilePullTest(NodeTableServer server) {
        super(server);
    }

    @BeforeEach
    void thePhoneHasTheOpenTodos() {
        for (String id : List.of("milk", "bread", "eggs")) {
            assertEquals(201, rest.insert("TodoItem", todo(id, "buy " + id, false)).status());
        }
        phone = devices.device();
        phoneTodos = phone.table("TodoItem");
        assertEquals(3, await(phoneTodos.pull(OPEN, OPEN_ID)).upserted());
    }

    @Test
    void aRowThatStopsMatchingTheFilterStaysUntilAReconcilingPullRemovesIt() {
        completeOnTheServer("bread");

        PullResult incremental = await(phoneTodos.pull(OPEN, OPEN_ID));

        assertEquals(0, incremental.received(), "the server sends nothing for 'complete eq false'");
        assertEquals(List.of("bread", "eggs", "milk"), ids(), "so the completed row stays, as it was");
        assertEquals(false, phoneTodos.lookup("bread").orElseThrow().get("complete").asBoolean());

        PullResult reconciled = await(phoneTodos.pull(OPEN, OPEN_ID, PullOptions.defaults().withReconcile(true)));

        assertEquals(1, reconciled.removedStale());
        assertEquals(2, reconciled.received(), "the whole query again");
        assertEquals(2, reconciled.unchanged());
        assertEquals(List.of("eggs", "milk"), ids());
        assertEquals(0, phone.syncContext().pendingOperationCount(), "a removal queues nothing");
    }

    @Test
    void aReconcilingPullSavesItsCursorSoTheNextIncrementalPullBringsOnlyNewChanges() {
        completeOnTheServer("bread");
        await(phoneTodos.pull(OPEN, OPEN_ID, PullOptions.defaults().withReconcile(true)));
        assertEquals(201, rest.insert("TodoItem", todo("tea", "buy tea", false)).status());

        PullResult next = await(phoneTodos.pull(OPEN, OPEN_ID));

        assertEquals(1, next.received());
        assertEquals(List.of("eggs", "milk", "tea"), ids());
    }

    @Test
    void aRowWithALocalChangeWaitingIsNotRemovedByAReconcilingPull() {
        completeOnTheServer("bread");
        PullOptions reconcile = PullOptions.defaults().withReconcile(true).withPageSize(1).withProgress(progress -> {
            if (progress.pages() == 1) {
                phoneTodos.update(todo("bread", "buy brown bread", false)); // the user edits while it pulls
            }
        });

        PullResult reconciled = await(phoneTodos.pull(OPEN, OPEN_ID, reconcile));

        assertEquals(0, reconciled.removedStale());
        assertEquals(List.of("bread", "eggs", "milk"), ids());
        assertEquals("buy brown bread", phoneTodos.lookup("bread").orElseThrow().get("text").asText());
        assertEquals(1, phone.syncContext().pendingOperationCount(), "the edit waits for the next push");
    }

    @Test
    void aReconcilingPullCannotBeLimited() {
        InvalidItemException e = awaitFailure(InvalidItemException.class, phoneTodos.pull(OPEN.top(1), OPEN_ID,
                PullOptions.defaults().withReconcile(true)));

        assertTrue(e.getMessage().contains("whole query"), e.getMessage());
        assertEquals(List.of("bread", "eggs", "milk"), ids());
    }

    private void completeOnTheServer(String id) {
        String version = rest.item("TodoItem", id).get("version").asText();
        ObjectNode changes = JsonNodeFactory.instance.objectNode().put("complete", true);
        assertEquals(200, rest.patch("TodoItem", id, changes, version).status());
    }

    private List<String> ids() {
        return phoneTodos.read(Query.all().orderBy("id")).items().stream().map(i -> i.get("id").asText()).toList();
    }
}

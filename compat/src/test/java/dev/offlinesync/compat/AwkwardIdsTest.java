package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import org.junit.jupiter.api.Test;

/**
 * Ids that need quoting or escaping somewhere (OData string literals, URL paths, SQL) go through a full cycle,
 * insert, pull across page boundaries that fall between rows sharing one updatedAt, update and delete, and come
 * back unchanged.
 */
class AwkwardIdsTest extends ScenarioTest {

    private static final List<String> IDS = List.of("O'Brien", "''", "100%", "a--b", "ünïcødé 😀", "with space",
            "slash/inside", "question?mark", "hash#tag", "plus+sign", "back\\slash", "amp&eq=");

    AwkwardIdsTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void awkwardIdsSurviveInsertPullUpdateAndDelete() {
        SyncClient phone = devices.device();
        SyncClient tablet = devices.device();
        SyncTable<ObjectNode> phoneTodos = phone.table("TodoItem");
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");
        for (String id : IDS) {
            phoneTodos.insert(todo(id, "text of " + id, false));
        }
        await(phone.syncContext().push());
        assertEquals(new TreeSet<>(IDS), ServerRows.liveTodos(server).keySet());
        ServerRows.setUpdatedAt(server, IDS, Instant.parse("2026-05-06T07:08:09.010Z"));

        PullResult pull = await(tabletTodos.pull(Query.all(), "all", PullOptions.defaults().withPageSize(2)));

        assertEquals(IDS.size(), pull.received(), "the keyset cursor quotes each id: none lost or repeated");
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(tabletTodos));

        for (String id : IDS) {
            tabletTodos.update(todo(id, "edited " + id, true));
        }
        await(tablet.syncContext().push());
        await(phoneTodos.pull(Query.all(), "all"));
        for (String id : IDS) {
            assertEquals("edited " + id, phoneTodos.lookup(id).orElseThrow().get("text").asText(), id);
        }

        for (String id : IDS) {
            phoneTodos.deleteById(id);
        }
        assertTrue(await(phone.syncContext().push()).succeeded());
        PullResult deletes = await(tabletTodos.pull(Query.all(), "all"));
        assertEquals(IDS.size(), deletes.deleted());
        assertEquals(List.of(), tabletTodos.read(Query.all()).items());
        assertEquals(IDS.size(), server.querySql("SELECT id FROM TodoItem WHERE deleted = 1").size());
    }
}

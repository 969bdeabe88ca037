package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pull brings every row, not the server's first page of 50: 2,600 rows written into the server's database
 * (not through the library) arrive in pages of 1,000, counted by a proxy between the device and the server. An
 * incremental pull afterwards asks once and rewrites nothing.
 *
 * <p>The rows have random UUID ids, as servers make them, and share their updatedAt in threes, so that ties
 * (common on this server, whose clock has milliseconds) also fall on the page boundaries.
 */
@ExtendWith(NodeServerExtension.class)
class LargePullTest {

    private static final int ROWS = 2_600;
    private static final int INCOMPLETE = ROWS - (ROWS + 2) / 3; // complete when i % 3 == 0
    private static final Instant FIRST_UPDATE = Instant.parse("2026-01-02T03:04:05.000Z");
    private static final String LIST = "GET /tables/TodoItem?";

    private final NodeTableServer server;
    private RecordingProxy proxy;
    private Devices devices;
    private List<String> ids;

    LargePullTest(NodeTableServer server) {
        this.server = server;
    }

    @BeforeEach
    void thousandsOfRowsOnTheServer() {
        server.clearTables();
        ids = ServerRows.insertTodos(server, ROWS, i -> new ServerRows.Todo(UUID.randomUUID().toString(),
                "item " + i, i % 3 == 0, FIRST_UPDATE.plusMillis(i / 3)));
        proxy = RecordingProxy.start(server.uri());
        devices = new Devices(proxy.uri());
    }

    @AfterEach
    void closeDevicesAndProxy() {
        devices.close();
        proxy.close();
    }

    @Test
    void aFirstPullBringsEveryRowInOneRequestPerThousand() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");

        PullResult pull = await(todos.pull(Query.all(), "all-todos"));

        assertEquals(ROWS, pull.received());
        assertEquals(ROWS, pull.upserted());
        List<String> requests = proxy.requests();
        assertEquals(3, requests.size(), "pages of 1000, 1000 and 600; the short page ends the pull: " + requests);
        assertEquals(3, pull.requests(), "the library counts what the proxy saw");
        for (String request : requests) {
            assertTrue(request.startsWith(LIST) && request.contains("$top=1000")
                    && request.contains("$orderby=updatedAt,id") && request.contains("__includeDeleted=true"), request);
        }
        assertTrue(requests.get(1).contains("(updatedAt eq datetimeoffset'") && requests.get(1).contains("(id gt '"),
                "the next page starts after the last row, by (updatedAt, id): " + requests.get(1));
        assertEquals(new HashSet<>(ids), new HashSet<>(ServerRows.localTodos(todos).keySet()));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos), "every row, with its values");
    }

    @Test
    void aSecondIncrementalPullWithNoChangeMakesOneRequestAndRewritesNoRow() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");
        await(todos.pull(Query.all(), "all-todos"));
        proxy.clear();

        PullResult again = await(todos.pull(Query.all(), "all-todos"));

        assertEquals(1, proxy.requests().size(), proxy.requests().toString());
        assertEquals(1, again.requests());
        assertEquals(0, again.received(), "the cursor starts after the last row it had");
        assertEquals(0, again.upserted(), "no row rewritten");
        assertEquals(ROWS, todos.read(Query.all().includeTotalCount().top(0)).totalCount());
    }

    @Test
    void theNextIncrementalPullBringsOnlyWhatChanged() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");
        await(todos.pull(Query.all(), "all-todos"));
        RawTables otherApp = new RawTables(server.uri());
        for (String id : ids.subList(0, 5)) {
            otherApp.patch("TodoItem", id, JsonNodeFactory.instance.objectNode().put("text", "changed"), null);
        }
        otherApp.delete("TodoItem", ids.get(100), null);
        otherApp.delete("TodoItem", ids.get(2_000), null);
        proxy.clear();

        PullResult changes = await(todos.pull(Query.all(), "all-todos"));

        assertEquals(1, proxy.requests().size());
        assertEquals(7, changes.received());
        assertEquals(5, changes.upserted());
        assertEquals(2, changes.deleted());
        assertEquals("changed", todos.lookup(ids.get(4)).orElseThrow().get("text").asText());
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void aFilteredPullBringsOnlyTheMatchingRows() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");

        PullResult open = await(todos.pull(Query.all().where(Filter.eq("complete", false)), "open-todos"));

        assertEquals(INCOMPLETE, open.received());
        assertEquals(2, proxy.requests().size(), "1000 + 733 rows");
        assertTrue(proxy.requests().get(0).contains("$filter=complete eq false"), proxy.requests().get(0));
        Map<String, String> local = ServerRows.localTodos(todos);
        assertEquals(INCOMPLETE, local.size());
        assertTrue(local.values().stream().allMatch(row -> row.contains("|false|")), "only incomplete items");
        List<ObjectNode> firstScreen = todos.read(Query.all().where(Filter.eq("complete", false)).orderBy("text")
                .top(3)).items();
        assertEquals(List.of("item 1", "item 10", "item 100"),
                firstScreen.stream().map(item -> item.get("text").asText()).toList(), "the app's list, read locally");
    }

    @Test
    void aFullPullWithoutQueryIdReadsEverythingAgainButRewritesNothingUnchanged() {
        SyncClient device = devices.device();
        SyncTable<ObjectNode> todos = device.table("TodoItem");
        await(todos.pull(Query.all(), "all-todos"));
        proxy.clear();

        PullResult full = await(todos.pull(Query.all(), null));

        assertEquals(3, proxy.requests().size());
        assertEquals(ROWS, full.received());
        assertEquals(ROWS, full.unchanged());
        assertEquals(0, full.upserted());
        assertEquals(0, device.syncContext().pendingOperationCount());
    }
}

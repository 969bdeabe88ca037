package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows that share one updatedAt across page boundaries: a bulk UPDATE in the server's database gives 250 rows
 * the same timestamp, and pages of 100 cut through them. The keyset cursor (updatedAt, id) neither loses nor
 * repeats any of them, and an incremental pull interrupted after its first page (the server is killed from
 * the pull's progress callback) resumes where it stopped and ends with the same rows as an uninterrupted pull.
 */
@ExtendWith(NodeServerExtension.class)
class EqualTimestampsTest {

    private static final int BEFORE = 40;
    private static final int TIED = 250;
    private static final int AFTER = 40;
    private static final int ROWS = BEFORE + TIED + AFTER;
    private static final int PAGE = 100;
    private static final Instant START = Instant.parse("2026-02-03T04:05:06.000Z");
    private static final Instant TIE = START.plusSeconds(60);

    private final NodeTableServer server;
    private RecordingProxy proxy;
    private Devices devices;
    private List<String> ids;

    EqualTimestampsTest(NodeTableServer server) {
        this.server = server;
    }

    @BeforeEach
    void rowsSharingOneTimestamp() {
        if (!server.isRunning()) {
            server.restart();
        }
        server.clearTables();
        ids = ServerRows.insertTodos(server, ROWS, i -> new ServerRows.Todo(String.format("row-%03d", i),
                "row " + i, false, i < BEFORE ? START.plusMillis(i) : TIE.plusMillis(i)));
        List<String> tied = ids.subList(BEFORE, BEFORE + TIED);
        assertEquals(TIED, ServerRows.setUpdatedAt(server, tied, TIE), "one bulk UPDATE for all of them");
        assertEquals(TIED, server.querySql("SELECT id FROM TodoItem WHERE updatedAt = ?",
                NodeTableServer.sqlTimestamp(TIE)).size());
        proxy = RecordingProxy.start(server.uri());
        devices = new Devices(proxy.uri());
    }

    @AfterEach
    void closeDevicesAndProxy() {
        devices.close();
        proxy.close();
    }

    @Test
    void rowsSharingATimestampAcrossPageBoundariesArriveExactlyOnce() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");

        PullResult pull = await(todos.pull(Query.all(), "all-todos", PullOptions.defaults().withPageSize(PAGE)));

        assertEquals(ROWS, pull.received(), "none repeated");
        assertEquals(ROWS, pull.upserted());
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos), "none lost");
        List<String> requests = proxy.requests();
        assertEquals(4, requests.size(), "100 + 100 + 100 + 30: " + requests);
        String tie = "datetimeoffset'" + NodeTableServer.sqlTimestamp(TIE) + "'";
        assertTrue(requests.get(1).contains("(updatedAt eq " + tie + ") and (id gt 'row-099')"), requests.get(1));
        assertTrue(requests.get(2).contains("(updatedAt eq " + tie + ") and (id gt 'row-199')"), requests.get(2));
    }

    @Test
    void anIncrementalPullInterruptedAfterItsFirstPageResumesToTheSameFinalSet() {
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");
        AtomicLong receivedBeforeTheCrash = new AtomicLong();
        PullOptions killAfterFirstPage = PullOptions.defaults().withPageSize(PAGE).withProgress(progress -> {
            if (progress.pages() == 1) {
                receivedBeforeTheCrash.set(progress.received());
                server.kill();
            }
        });

        TransportException interrupted = awaitFailure(TransportException.class,
                todos.pull(Query.all(), "all-todos", killAfterFirstPage));

        assertEquals(PAGE, receivedBeforeTheCrash.get());
        assertEquals(PAGE, todos.read(Query.all().includeTotalCount().top(0)).totalCount(),
                "the first page was applied, with its cursor: " + interrupted.getMessage());

        server.restart();
        RawTables otherApp = new RawTables(server.uri());
        for (int i : new int[] {0, 45, 99}) { // already pulled: changed, they move after the cursor
            otherApp.patch("TodoItem", ids.get(i), JsonNodeFactory.instance.objectNode().put("text", "edited"), null);
        }
        otherApp.delete("TodoItem", ids.get(150), null);
        otherApp.delete("TodoItem", ids.get(300), null);
        otherApp.insert("TodoItem", Devices.todo("new-1", "new", false));
        proxy.clear();

        PullResult resumed = await(todos.pull(Query.all(), "all-todos", PullOptions.defaults().withPageSize(PAGE)));

        int notYetPulled = ROWS - PAGE;
        assertEquals(notYetPulled + 3 + 1, resumed.received(),
                "the rest (two of them now tombstones), the three edited rows and the new one; nothing of page 1 again");
        assertEquals(3, proxy.requests().size(), "100 + 100 + 34 rows: " + proxy.requests());
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));

        SyncTable<ObjectNode> uninterrupted = devices.device().table("TodoItem");
        await(uninterrupted.pull(Query.all(), "all-todos", PullOptions.defaults().withPageSize(PAGE)));
        assertEquals(ServerRows.localTodos(uninterrupted), ServerRows.localTodos(todos),
                "the same final set as a pull that was never interrupted");
    }
}

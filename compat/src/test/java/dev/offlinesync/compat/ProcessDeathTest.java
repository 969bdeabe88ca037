package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.compat.AcknowledgedWrites.ServerItem;
import dev.offlinesync.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

/**
 * Devices that die: a child JVM writing and pushing on an SQLite file is killed (SIGKILL) at random moments,
 * mostly in the middle of a push, and started again on the same file; and two processes write and push on one
 * SQLite file at the same time. Afterwards every acknowledged local write is on the server, once, in each
 * item's order, and nothing is left queued. The seed is printed; {@code -Dkills.seed=N} repeats a run.
 */
class ProcessDeathTest extends ScenarioTest {

    private static final System.Logger LOG = System.getLogger(ProcessDeathTest.class.getName());
    private static final int KILLS = 6;
    private static final int WRITES_PER_PROCESS = 200;

    ProcessDeathTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void everyAcknowledgedWriteReachesTheServerExactlyOnceAfterKillsMidPush() {
        long seed = Long.getLong("kills.seed", System.nanoTime());
        LOG.log(System.Logger.Level.INFO, "ProcessDeathTest seed {0,number,#} (-Dkills.seed to repeat)", seed);
        Random random = new Random(seed);
        Path store = devices.storeDirectory().resolve("killed.db");
        Path folder = devices.storeDirectory().resolve("children");
        AcknowledgedWrites writes = new AcknowledgedWrites();
        int acknowledged = 0;
        for (int run = 0; run < KILLS; run++) {
            ChildDevice child = ChildDevice.start(folder, server.uri(), store, "k", "r" + run, random.nextLong(), -1,
                    "own");
            child.awaitReady();
            pause(300 + random.nextInt(900));
            child.kill();
            acknowledged += writes.readChildOutput("k", child.lines());
        }
        assertTrue(acknowledged > KILLS, "the children wrote: " + acknowledged + " acknowledged writes");

        try (SyncClient restarted = SyncClient.builder(server.uri()).store(SqliteStore.file(store)).build()) {
            SyncTable<ObjectNode> todos = restarted.table(SyncingChild.TABLE);
            pushUntilNothingIsPending(restarted, 10, "seed " + seed);

            assertServerExplainedOnce(writes, "seed " + seed);
            await(todos.pull(Query.all(), null));
            assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
        }
    }

    @Test
    void twoProcessesWritingAndPushingOnOneFileLoseNothing() {
        long seed = Long.getLong("kills.seed", System.nanoTime());
        LOG.log(System.Logger.Level.INFO, "ProcessDeathTest seed {0,number,#} (-Dkills.seed to repeat)", seed);
        Random random = new Random(seed);
        Path store = devices.storeDirectory().resolve("shared.db");
        Path folder = devices.storeDirectory().resolve("children");
        ChildDevice a = ChildDevice.start(folder, server.uri(), store, "a", "r0", random.nextLong(),
                WRITES_PER_PROCESS, "own");
        ChildDevice b = ChildDevice.start(folder, server.uri(), store, "b", "r0", random.nextLong(),
                WRITES_PER_PROCESS, "own");
        a.awaitExit(240);
        b.awaitExit(240);

        AcknowledgedWrites writes = new AcknowledgedWrites();
        writes.readChildOutput("a", a.lines());
        writes.readChildOutput("b", b.lines());
        String context = "seed " + seed + "; a ended " + a.tail(1) + " (" + a.stderr() + "), b ended " + b.tail(1)
                + " (" + b.stderr() + ")";
        assertTrue(a.tail(1).equals(List.of("done 0 0")) || b.tail(1).equals(List.of("done 0 0")),
                "the process that finished last pushed everything; " + context);
        assertTrue(a.tail(1).toString().contains("done") && b.tail(1).toString().contains("done"),
                "both processes wrote and pushed to the end; " + context);

        try (SyncClient reopened = SyncClient.builder(server.uri()).store(SqliteStore.file(store)).build()) {
            reopened.table(SyncingChild.TABLE);
            assertEquals(0, reopened.syncContext().pendingOperationCount(), "left queued: "
                    + reopened.syncContext().pendingOperations() + "; " + context);
            assertEquals(List.of(), reopened.syncContext().errors(), context);
        }
        assertServerExplainedOnce(writes, context);
    }

    /** Each item's server row is its last write, and its version counts no more changes than were written. */
    private void assertServerExplainedOnce(AcknowledgedWrites writes, String context) {
        Map<String, ServerItem> items = AcknowledgedWrites.serverItems(server);
        assertEquals(List.of(), writes.unexplained(items), "lost, invented or reordered writes; " + context);
        List<String> appliedTwice = new ArrayList<>();
        for (ServerItem item : items.values()) {
            if (item.version() > writes.writesTo(item.id())) {
                appliedTwice.add(item + " after " + writes.writesTo(item.id()) + " writes");
            }
        }
        assertEquals(List.of(), appliedTwice, "a write applied more than once; " + context);
    }

    static void pushUntilNothingIsPending(SyncClient client, int attempts, String context) {
        for (int i = 0; i < attempts && client.syncContext().pendingOperationCount() > 0; i++) {
            try {
                await(client.syncContext().push());
            } catch (PushFailedException e) {
                pause(200);
            }
        }
        assertEquals(0, client.syncContext().pendingOperationCount(), "still queued after " + attempts + " pushes: "
                + client.syncContext().pendingOperations() + ", errors " + client.syncContext().errors() + "; "
                + context);
        assertEquals(List.of(), client.syncContext().errors(), context);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

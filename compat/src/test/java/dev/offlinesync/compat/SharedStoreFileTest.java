package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

/**
 * Two clients open one SQLite file (as two processes of one app would, or an app and its background sync
 * service) and push at the same time: the queue is pushed once, not once by each. The second client opens the
 * file while the first one's push is running, so it must not take the first one's operations for stranded.
 */
class SharedStoreFileTest extends ScenarioTest {

    private static final int ITEMS = 40;

    SharedStoreFileTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void twoClientsOnOneFilePushTheQueueOnce() {
        Path file = devices.storeDirectory().resolve("shared.db");
        Map<String, String> expected = new TreeMap<>();
        try (SyncClient first = SyncClient.builder(server.uri()).store(SqliteStore.file(file)).build()) {
            SyncTable<ObjectNode> todos = first.table("TodoItem");
            for (int i = 0; i < ITEMS; i++) {
                todos.insert(todo("item-" + i, "first " + i, false));
            }
            await(first.syncContext().push());
            for (int i = 0; i < ITEMS; i++) {
                todos.update(todo("item-" + i, "second " + i, true));
                expected.put("item-" + i, "second " + i + "|true|2");
            }

            CompletableFuture<PushResult> firstPush = first.syncContext().push();
            try (SyncClient second = SyncClient.builder(server.uri()).store(SqliteStore.file(file)).build()) {
                second.table("TodoItem");
                CompletableFuture<PushResult> secondPush = second.syncContext().push();
                for (CompletableFuture<PushResult> push : List.of(firstPush, secondPush)) {
                    try {
                        await(push);
                    } catch (PushFailedException e) {
                        // judged by what reached the server and what is left below
                    }
                }
                assertEquals(List.of(), second.syncContext().errors(), "no conflict with the other client's sends");
            }

            assertEquals(List.of(), first.syncContext().errors());
            assertEquals(0, first.syncContext().pendingOperationCount(), "left: "
                    + first.syncContext().pendingOperations());
            assertEquals(expected, ServerRows.liveTodos(server), "each edit once: version 2");
        }
    }
}

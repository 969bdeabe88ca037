package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.compat.FaultProxy.Fault;
import dev.offlinesync.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

/**
 * The server applied a change but the device never heard the answer: the connection was reset after the
 * server's commit, the answer was cut off, or it came after the device's timeout. The device must treat the
 * change as possibly applied: a later delete of the item still reaches the server, a later edit is not a
 * conflict with its own earlier one, and nothing is applied twice.
 */
class LostAnswersTest extends FaultScenarioTest {

    LostAnswersTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void insertWhoseAnswerWasLostThenDeletedIsDeletedOnTheServer() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        proxy.inject("POST /tables/TodoItem", Fault.RESET_AFTER_ANSWER, ATTEMPTS);

        PushResult lost = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(PushResult.AbortReason.NETWORK, lost.abortReason());
        assertEquals(Map.of("milk", "buy milk|false|1"), ServerRows.liveTodos(server), "the server has it");

        todos.deleteById("milk");
        PushResult push = await(phone.syncContext().push());

        assertEquals(List.of(), push.errors());
        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(List.of(Map.of("id", "milk", "deleted", 1)),
                server.querySql("SELECT id, deleted FROM TodoItem"), "the DELETE was sent");
        await(todos.pull(Query.all(), null));
        assertTrue(todos.lookup("milk").isEmpty(), "the next pull does not bring it back");
    }

    @Test
    void updateWhoseAnswerWasLostThenEditedAgainPushesWithoutSelfConflict() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        todos.update(todo("milk", "buy oat milk", false));
        proxy.inject("PATCH /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, ATTEMPTS);

        PushResult lost = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(PushResult.AbortReason.NETWORK, lost.abortReason());
        assertEquals(Map.of("milk", "buy oat milk|false|2"), ServerRows.liveTodos(server), "the server applied it");

        todos.update(todo("milk", "buy soy milk", true));
        PushResult push = await(phone.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(List.of(), phone.syncContext().errors(), "no conflict with its own earlier edit");
        assertEquals(Map.of("milk", "buy soy milk|true|3"), ServerRows.liveTodos(server), "the latest edit, once");
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void updateWhoseAnswerWasLostIsDoneOnTheNextPushWithoutBeingAppliedTwice() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        todos.update(todo("milk", "buy oat milk", false));
        proxy.inject("PATCH /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, ATTEMPTS);
        awaitFailure(PushFailedException.class, phone.syncContext().push());

        PushResult push = await(phone.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(Map.of("milk", "buy oat milk|false|2"), ServerRows.liveTodos(server),
                "the server already had this very edit: version 2, not written again");
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void updateWhoseAnswerWasLostBeforeARestartIsDoneWithoutBeingAppliedTwice() {
        Path file = devices.storeDirectory().resolve("restarted.db");
        try (SyncClient before = restartable(file)) {
            SyncTable<ObjectNode> todos = before.table("TodoItem");
            todos.insert(todo("milk", "buy milk", false));
            await(before.syncContext().push());
            todos.update(todo("milk", "buy oat milk", false));
            proxy.inject("PATCH /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, ATTEMPTS);
            awaitFailure(PushFailedException.class, before.syncContext().push());
        }

        try (SyncClient after = restartable(file)) {
            SyncTable<ObjectNode> todos = after.table("TodoItem");
            PushResult push = await(after.syncContext().push());

            assertEquals(1, push.completedOperations());
            assertEquals(Map.of("milk", "buy oat milk|false|2"), ServerRows.liveTodos(server),
                    "the server already had this very edit: version 2, not written again after the restart");
            assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
        }
    }

    private SyncClient restartable(Path file) {
        return SyncClient.builder(proxy.uri()).store(SqliteStore.file(file)).requestTimeout(REQUEST_TIMEOUT)
                .retries(RETRIES, Duration.ofMillis(50)).build();
    }

    @Test
    void truncatedConflictAnswerIsRetriedAndTheConflictCarriesTheServersItem() {
        SyncClient phone = deviceBehindProxy();
        SyncClient tablet = deviceBehindProxy();
        SyncTable<ObjectNode> phoneTodos = phone.table("TodoItem");
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");
        phoneTodos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        await(tabletTodos.pull(Query.all(), null));
        phoneTodos.update(todo("milk", "buy oat milk", false));
        await(phone.syncContext().push());
        tabletTodos.update(todo("milk", "buy MILK", true));
        proxy.clear();
        proxy.inject("PATCH /tables/TodoItem/milk", Fault.TRUNCATE_BODY, 1);

        PushResult first = awaitFailure(PushFailedException.class, tablet.syncContext().push()).result();
        PushResult conflict = first.errors().isEmpty()
                ? awaitFailure(PushFailedException.class, tablet.syncContext().push()).result() : first;

        assertEquals(new FaultProxy.Handled("PATCH /tables/TodoItem/milk", Fault.TRUNCATE_BODY),
                proxy.handled().get(0), "the first 412 was cut off");
        assertEquals(1, conflict.errors().size(), "errors: " + conflict.errors());
        OperationError error = conflict.errors().get(0);
        assertEquals(412, error.status());
        assertNotNull(error.serverItem(), "a conflict recorded from a cut-off answer has no server item: " + error);
        assertEquals("buy oat milk", error.serverItem().get("text").asText(), "the server's item, whole");
        assertEquals(Map.of("milk", "buy oat milk|false|2"), ServerRows.liveTodos(server), "untouched");

        error.keepAndRetry(error.clientItem().put("version", error.serverItem().get("version").asText()));
        await(tablet.syncContext().push());

        assertEquals(Map.of("milk", "buy MILK|true|3"), ServerRows.liveTodos(server));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(tabletTodos));
        assertEquals(List.of(), tablet.syncContext().errors());
    }

    @Test
    void insertAnsweredAfterTheTimeoutIsNotInsertedTwice() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        todos.insert(todo("bread", "buy bread", false));
        proxy.inject("POST /tables/TodoItem", Fault.DELAY_ANSWER, ATTEMPTS);

        PushResult late = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(PushResult.AbortReason.NETWORK, late.abortReason());
        assertEquals(List.of("milk", "bread"), phone.syncContext().pendingOperations().stream()
                .map(op -> op.itemId()).toList(), "milk kept at the head");

        PushResult push = await(phone.syncContext().push());

        assertEquals(2, push.completedOperations());
        assertEquals(Map.of("milk", "buy milk|false|1", "bread", "buy bread|false|1"), ServerRows.liveTodos(server));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void itemEditedAndDeletedWhileItsLostUpdateWasSentIsDeletedOnTheServer() {
        AtomicReference<SyncTable<ObjectNode>> table = new AtomicReference<>();
        AtomicBoolean changed = new AtomicBoolean();
        SyncClient phone = deviceBehindProxy(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.kind() == OperationKind.UPDATE && !changed.getAndSet(true)) {
                    // the app goes on while the update is on the wire: both wait behind it, as one delete
                    table.get().update(todo("milk", "buy soy milk", true));
                    table.get().deleteById("milk");
                }
                return operation.execute();
            }
        });
        table.set(phone.table("TodoItem"));
        table.get().insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        table.get().update(todo("milk", "buy oat milk", false));
        proxy.inject("PATCH /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, ATTEMPTS);

        awaitFailure(PushFailedException.class, phone.syncContext().push());
        assertEquals(Map.of("milk", "buy oat milk|false|2"), ServerRows.liveTodos(server), "the server applied it");
        PushResult push = await(phone.syncContext().push());

        assertEquals(List.of(), push.errors(), "the delete knows the server's version as its own update");
        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(List.of(Map.of("id", "milk", "deleted", 1)),
                server.querySql("SELECT id, deleted FROM TodoItem"), "the DELETE was applied");
    }

    @Test
    void deleteWhoseAnswerWasLostIsDoneOnTheNextPush() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        todos.deleteById("milk");
        proxy.inject("DELETE /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, ATTEMPTS);

        awaitFailure(PushFailedException.class, phone.syncContext().push());
        PushResult push = await(phone.syncContext().push());

        assertEquals(1, push.completedOperations());
        assertEquals(List.of(Map.of("id", "milk", "deleted", 1, "version", "2")),
                server.querySql("SELECT id, deleted, version FROM TodoItem"), "deleted once");
        assertEquals(List.of(), phone.syncContext().errors());
    }
}

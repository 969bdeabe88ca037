package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server goes away during a push: stopped before it, killed in the middle of it, killed after it applied a
 * change but before the device heard the answer. The push aborts as a network failure, keeps every operation
 * that is not known to be done, and after a restart the next push completes. Nothing is lost, and no change is
 * applied twice: each row's version on the server counts exactly the writes it was meant to get.
 */
class ServerOutagesTest extends ScenarioTest {

    private RecordingProxy proxy;

    ServerOutagesTest(NodeTableServer server) {
        super(server);
    }

    @BeforeEach
    void startProxy() {
        proxy = RecordingProxy.start(server.uri());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void aPushWhileTheServerIsStoppedAbortsKeepsEveryOperationAndCompletesAfterARestart() {
        SyncClient phone = devices.device();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        todos.insert(todo("bread", "buy bread", false));
        await(phone.syncContext().push());
        todos.update(todo("milk", "buy oat milk", true));
        todos.deleteById("bread");
        todos.insert(todo("eggs", "buy eggs", false));
        List<PendingOperation> queued = phone.syncContext().pendingOperations();

        server.stop();
        PushFailedException failed = awaitFailure(PushFailedException.class, phone.syncContext().push());

        assertEquals(PushResult.AbortReason.NETWORK, failed.result().abortReason());
        assertTrue(failed.result().abortCause() instanceof TransportException, String.valueOf(failed.getCause()));
        assertEquals(0, failed.result().completedOperations());
        assertEquals(List.of(), failed.result().errors(), "an outage is not an error of an item");
        assertEquals(3, phone.syncContext().pendingOperationCount(), "pending count intact");
        assertEquals(queued, phone.syncContext().pendingOperations(), "same operations, same order, none in flight");
        assertEquals("buy oat milk", todos.lookup("milk").orElseThrow().get("text").asText());

        server.restart();
        PushResult push = await(phone.syncContext().push());

        assertEquals(3, push.completedOperations());
        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(Map.of("milk", "buy oat milk|true|2", "eggs", "buy eggs|false|1"), ServerRows.liveTodos(server));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void aServerKilledInTheMiddleOfAPushLosesNothingAndAppliesNothingTwice() {
        AtomicInteger operations = new AtomicInteger();
        SyncContextDelegate crashBeforeTheFifth = new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operations.incrementAndGet() == 5) {
                    server.kill(); // SIGKILL, as a crash: the fifth operation finds no server
                }
                return operation.execute();
            }
        };
        SyncClient phone = devices.device(crashBeforeTheFifth);
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        for (String id : List.of("u1", "u2", "d1", "d2")) {
            todos.insert(todo(id, "original " + id, false));
        }
        await(phone.syncContext().push());
        operations.set(0);
        todos.insert(todo("i1", "new 1", false));
        todos.update(todo("u1", "edited u1", true));
        todos.deleteById("d1");
        todos.insert(todo("i2", "new 2", false));
        todos.update(todo("u2", "edited u2", true)); // the fifth: the server is gone
        todos.deleteById("d2");
        todos.insert(todo("i3", "new 3", false));

        PushFailedException crashed = awaitFailure(PushFailedException.class, phone.syncContext().push());

        assertEquals(PushResult.AbortReason.NETWORK, crashed.result().abortReason());
        assertEquals(4, crashed.result().completedOperations());
        assertEquals(List.of("u2", "d2", "i3"),
                phone.syncContext().pendingOperations().stream().map(PendingOperation::itemId).toList());

        server.restart();
        assertEquals(3, await(phone.syncContext().push()).completedOperations());

        assertEquals(Map.of("i1", "new 1|false|1", "i2", "new 2|false|1", "i3", "new 3|false|1",
                "u1", "edited u1|true|2", "u2", "edited u2|true|2"), ServerRows.liveTodos(server),
                "every change once: inserts at version 1, one edit each at version 2");
        assertEquals(List.of(Map.of("id", "d1", "version", "2"), Map.of("id", "d2", "version", "2")),
                server.querySql("SELECT id, version FROM TodoItem WHERE deleted = 1 ORDER BY id"));
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void anInsertTheServerAppliedBeforeDyingIsRecognisedAfterTheRestartAndNotAppliedAgain() {
        SyncClient phone = devices.device(proxy.uri(), null);
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        todos.insert(todo("bread", "buy bread", false));
        todos.insert(todo("eggs", "buy eggs", false));
        proxy.loseTheAnswerTo("POST /tables/TodoItem", 2, server::kill);

        PushFailedException crashed = awaitFailure(PushFailedException.class, phone.syncContext().push());

        assertEquals(PushResult.AbortReason.NETWORK, crashed.result().abortReason());
        assertEquals(1, crashed.result().completedOperations());
        assertEquals(List.of("bread", "eggs"),
                phone.syncContext().pendingOperations().stream().map(PendingOperation::itemId).toList(),
                "the device does not know that bread reached the server");
        assertEquals(List.of(Map.of("id", "bread", "version", "1")),
                server.querySql("SELECT id, version FROM TodoItem WHERE id = 'bread'"), "but it did");

        server.restart();
        proxy.clear();
        PushResult push = await(phone.syncContext().push());

        assertEquals(2, push.completedOperations());
        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem/bread", "POST /tables/TodoItem"),
                proxy.requests(), "bread again: 409, the server's row fetched, found equal: done");
        assertEquals(Map.of("milk", "buy milk|false|1", "bread", "buy bread|false|1", "eggs", "buy eggs|false|1"),
                ServerRows.liveTodos(server), "bread inserted once, never overwritten");
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
    }

    @Test
    void anEditWhoseAnswerWasLostIsRetriedWithoutAConflictWithItself() {
        SyncClient phone = devices.device(proxy.uri(), null);
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        todos.update(todo("milk", "buy oat milk", true));
        proxy.loseTheAnswerTo("PATCH /tables/TodoItem/milk", 1, () -> { }); // the network drops the answer

        PushResult push = await(phone.syncContext().push());

        assertEquals(1, push.completedOperations(), "errors: " + push.errors());
        assertEquals(Map.of("milk", "buy oat milk|true|2"), ServerRows.liveTodos(server), "applied once");
        assertEquals(ServerRows.liveTodos(server), ServerRows.localTodos(todos));
        assertEquals(List.of(), phone.syncContext().errors());
    }
}

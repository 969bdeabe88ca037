package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three ways a {@link SyncContextDelegate} resolves a 412 during the push: the client's values win, the
 * server's item wins, or the push is cancelled.
 */
class DelegateProtocolTest extends ProtocolTestBase {

    private final ObjectNode serverA = serverItem("a", "patched on the server", false, "Mg==", T3);
    private final List<PushResult> completed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void staleUpdateOfA() {
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\""))
                .willReturn(jsonAnswer(412, serverA)));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"Mg==\""))
                .willReturn(jsonAnswer(200, serverItem("a", "mine", true, "Mw==", T4))));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("b", "bread", false, "MQ==",
                T2))));
    }

    /** The client's TodoItem table with "a" pulled and updated locally, and "b" inserted after it. */
    private static SyncTable<ObjectNode> todosWithStaleUpdateOfA(SyncClient client) {
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        todos.update(todo("a", "mine", true));
        todos.insert(todo("b", "bread", false));
        return todos;
    }

    private SyncClient clientResolvingWith(BiFunction<TableOperation, ConflictException, ObjectNode> resolve) {
        return client(b -> b.delegate(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                try {
                    return operation.execute();
                } catch (ConflictException e) {
                    return resolve.apply(operation, e);
                }
            }

            @Override
            public void onPushComplete(PushResult result) {
                completed.add(result);
            }
        }));
    }

    @Test
    void clientWinsBySendingItsItemAgainWithTheServersVersion() {
        SyncClient client = clientResolvingWith((operation, conflict) -> {
            operation.setItem(operation.item().put("version", conflict.serverVersion()));
            return operation.execute();
        });
        SyncTable<ObjectNode> todos = todosWithStaleUpdateOfA(client);

        PushResult result = done(client.syncContext().push());

        assertEquals(List.of("PATCH /tables/TodoItem/a", "PATCH /tables/TodoItem/a", "POST /tables/TodoItem"),
                requestLines());
        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"Mg==\""))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"mine\",\"complete\":true}")));
        assertEquals(2, result.completedOperations());
        assertEquals(List.of(result), completed);
        assertEquals("mine", field(todos, "a", "text"));
        assertEquals("Mw==", field(todos, "a", "version"));
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
    }

    @Test
    void serverWinsByReturningTheServersItem() {
        SyncClient client = clientResolvingWith((operation, conflict) -> conflict.serverItem());
        SyncTable<ObjectNode> todos = todosWithStaleUpdateOfA(client);

        PushResult result = done(client.syncContext().push());

        assertEquals(List.of("PATCH /tables/TodoItem/a", "POST /tables/TodoItem"), requestLines());
        assertEquals(2, result.completedOperations());
        assertEquals("patched on the server", field(todos, "a", "text"));
        assertEquals("false", field(todos, "a", "complete"));
        assertEquals("Mg==", field(todos, "a", "version"));
        assertEquals(T3, field(todos, "a", "updatedAt"));
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
    }

    @Test
    void cancellingStopsThePushAndKeepsTheOperationAndTheRestQueued() {
        SyncClient client = clientResolvingWith((operation, conflict) -> {
            operation.cancelPush();
            throw conflict;
        });
        SyncTable<ObjectNode> todos = todosWithStaleUpdateOfA(client);

        PushFailedException failure = failure(client.syncContext().push(), PushFailedException.class);

        PushResult result = failure.result();
        assertEquals(PushResult.AbortReason.CANCELLED, result.abortReason());
        assertInstanceOf(ConflictException.class, result.abortCause());
        assertEquals(0, result.completedOperations());
        assertEquals(List.of(result), completed);
        assertEquals(List.of("PATCH /tables/TodoItem/a"), requestLines());
        server.verify(0, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertQueue(client, OperationKind.UPDATE, "a", OperationKind.INSERT, "b");
        assertEquals("mine", field(todos, "a", "text"));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals("null", field(todos, "b", "version"));
        // the exception that left the delegate is the operation's error, as SyncContextDelegate documents
        assertEquals(412, client.syncContext().errors().get(0).status());
    }
}

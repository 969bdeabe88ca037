package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 412 and 409 answers: the server's item is kept with the error, the operation stays, the rest goes on. */
class ConflictProtocolTest extends ProtocolTestBase {

    private final ObjectNode serverA = serverItem("a", "patched on the server", false, "Mg==", T3);

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {412, 409})
    void aStaleUpdateKeepsTheServersItemWithTheErrorLeavesTheRowAndPushesOtherItems(int status) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(status, serverA)));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("b", "bread", false, "MQ==",
                T2))));
        todos.update(todo("a", "mine", true));
        todos.insert(todo("b", "bread", false));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\""))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"mine\",\"complete\":true}")));
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertNull(result.abortReason());
        assertEquals(1, result.completedOperations());
        assertEquals(1, result.errors().size());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(status, error.status());
        assertEquals(OperationKind.UPDATE, error.kind());
        assertEquals("patched on the server", error.serverItem().get("text").asText());
        assertEquals("Mg==", error.serverItem().get("version").asText());
        assertEquals(T3, error.serverItem().get("updatedAt").asText());
        assertEquals("mine", error.clientItem().get("text").asText());
        assertEquals("MQ==", error.clientItem().get("version").asText());
        assertQueue(client, OperationKind.UPDATE, "a");
        assertEquals("mine", field(todos, "a", "text"));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals("MQ==", field(todos, "b", "version"));
    }

    @Test
    void laterOperationsOnAConflictedItemAreSkippedButOtherItemsArePushed() {
        AtomicReference<SyncTable<ObjectNode>> table = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        SyncClient client = client(b -> b.delegate(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.itemId().equals("a") && first.getAndSet(false)) {
                    table.get().update(todo("a", "changed again while pushing", true)); // queued behind b
                }
                return operation.execute();
            }
        }));
        SyncTable<ObjectNode> todos = todos(client);
        table.set(todos);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(412, serverA)));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("b", "bread", false, "MQ==",
                T2))));
        todos.update(todo("a", "mine", true));
        todos.insert(todo("b", "bread", false));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(List.of("PATCH /tables/TodoItem/a", "POST /tables/TodoItem"), requestLines());
        assertEquals(1, result.completedOperations());
        assertEquals(1, result.errors().size());
        assertQueue(client, OperationKind.UPDATE, "a", OperationKind.UPDATE, "a");
        assertEquals(1, client.syncContext().errors().size());
        assertEquals("changed again while pushing", field(todos, "a", "text"));
        assertEquals("MQ==", field(todos, "a", "version"));
    }

    @Test
    void aStaleDeleteKeepsTheServersItemWithTheErrorAndTheDeleteQueued() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(412, serverA)));
        todos.deleteById("a");

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        server.verify(1, deleteRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\"")));
        assertEquals(0, result.completedOperations());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(412, error.status());
        assertEquals(OperationKind.DELETE, error.kind());
        assertEquals("Mg==", error.serverItem().get("version").asText());
        assertQueue(client, OperationKind.DELETE, "a");
        assertTrue(todos.lookup("a").isEmpty());
    }

    @Test
    void anInsertOfAnIdTheServerHasFetchesTheServersRealItemBecauseThe409EchoesTheSubmittedOne() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(409, todo("a", "mine", true))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200,
                serverItem("a", "the server's", false, "MQ==", T1))));
        todos.insert(todo("a", "mine", true));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem/a"), requestLines());
        server.verify(1, getRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("ZUMO-API-VERSION",
                equalTo("2.0.0")));
        assertEquals(1, result.errors().size());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(409, error.status());
        assertEquals(OperationKind.INSERT, error.kind());
        assertEquals("the server's", error.serverItem().get("text").asText());
        assertEquals("MQ==", error.serverItem().get("version").asText());
        assertEquals("mine", error.clientItem().get("text").asText());
        assertQueue(client, OperationKind.INSERT, "a");
        assertEquals("mine", field(todos, "a", "text"));
        assertEquals("null", field(todos, "a", "version"));
    }

    @Test
    void anInsertWhoseEarlierAttemptReachedTheServerIsCountedAsDone() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(409, todo("a", "mine", true))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200,
                serverItem("a", "mine", true, "MQ==", T1))));
        todos.insert(todo("a", "mine", true));

        PushResult result = done(client.syncContext().push());

        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem/a"), requestLines());
        assertEquals(1, result.completedOperations());
        assertTrue(result.errors().isEmpty());
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals(T1, field(todos, "a", "updatedAt"));
    }

    @Test
    void anInsertConflictingWithAnItemDeletedOnTheServerRecreatesItThroughUndelete() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(409, todo("a", "mine", true))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404,
                error("The item does not exist"))));
        server.stubFor(post(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(201,
                serverItem("a", "old", false, "Mw==", T1))));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200,
                serverItem("a", "mine", true, "NA==", T3))));
        todos.insert(todo("a", "mine", true));

        done(client.syncContext().push());

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"Mw==\"")));
        assertEquals("NA==", field(todos, "a", "version"));
        assertQueue(client);
    }

    @Test
    void anInsertConflictingWithAnItemDeletedOnTheServerThatCannotBeUndeletedIsAnErrorWithoutServerItem() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(409, todo("a", "mine", true))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404,
                error("The item does not exist"))));
        server.stubFor(post(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404,
                error("The item does not exist"))));
        todos.insert(todo("a", "mine", true));

        failure(client.syncContext().push(), PushFailedException.class);

        server.verify(1, getRequestedFor(urlEqualTo(TABLE_PATH + "/a")));
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH + "/a")));
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(409, error.status());
        assertNull(error.serverItem());
        assertQueue(client, OperationKind.INSERT, "a");
        assertEquals("mine", field(todos, "a", "text"));
    }

    @Test
    void keepAndRetryWithTheServersVersionSendsThatVersionOnTheNextPush() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\""))
                .willReturn(jsonAnswer(412, serverA)));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"Mg==\""))
                .willReturn(jsonAnswer(200, serverItem("a", "mine", true, "Mw==", T4))));
        todos.update(todo("a", "mine", true));
        failure(client.syncContext().push(), PushFailedException.class);
        OperationError error = client.syncContext().errors().get(0);

        error.keepAndRetry(error.clientItem().put("version", error.serverItem().get("version").asText()));
        assertTrue(client.syncContext().errors().isEmpty());
        done(client.syncContext().push());

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"Mg==\""))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"mine\",\"complete\":true}")));
        assertEquals("Mw==", field(todos, "a", "version"));
        assertEquals("mine", field(todos, "a", "text"));
        assertQueue(client);
    }

    @Test
    void cancelAndUpdateWithTheServersItemTakesItLocallyAndSendsNothingMore() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(412, serverA)));
        todos.update(todo("a", "mine", true));
        failure(client.syncContext().push(), PushFailedException.class);
        OperationError error = client.syncContext().errors().get(0);

        error.cancelAndUpdate(error.serverItem());
        done(client.syncContext().push());

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")));
        assertEquals("patched on the server", field(todos, "a", "text"));
        assertEquals("Mg==", field(todos, "a", "version"));
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
    }
}

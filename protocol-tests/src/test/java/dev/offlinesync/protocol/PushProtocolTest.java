package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What push sends for insert, update and delete, and what it does with the answers. */
class PushProtocolTest extends ProtocolTestBase {

    @Test
    void insertPostsTheItemWithItsIdButWithoutSystemColumnsAndTakesTheServersSystemColumns() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("a", "buy milk", false,
                "MQ==", T1))));
        todos.insert(todo("a", "buy milk", false).put("createdAt", T4).put("updatedAt", T4).put("version", "bG9jYWw=")
                .put("deleted", false));

        PushResult result = done(client.syncContext().push());

        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("If-Match", absent())
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"buy milk\",\"complete\":false}")));
        assertEquals(1, result.completedOperations());
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals(T1, field(todos, "a", "updatedAt"));
        assertEquals(T1, field(todos, "a", "createdAt"));
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
    }

    @Test
    void anItemInsertedWithoutIdIsPostedWithTheIdMadeLocally() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        ObjectNode stored = todos.insert(JSON.createObjectNode().put("text", "no id").put("complete", true));
        String id = stored.get("id").asText();
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem(id, "no id", true, "MQ==",
                T1))));

        done(client.syncContext().push());

        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH))
                .withRequestBody(equalToJson("{\"id\":\"" + id + "\",\"text\":\"no id\",\"complete\":true}")));
        assertEquals("MQ==", field(todos, id, "version"));
        assertQueue(client);
    }

    @Test
    void updatePatchesTheWholeRowWithIfMatchOfItsVersionAndKeepsUndeclaredColumns() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1).put("priority", 2));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200,
                serverItem("a", "buy oat milk", true, "Mg==", T3).put("priority", 2))));
        todos.update(todo("a", "buy oat milk", true));

        done(client.syncContext().push());

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a"))
                .withHeader("If-Match", equalTo("\"MQ==\""))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"buy oat milk\",\"complete\":true,"
                        + "\"priority\":2}")));
        assertEquals("Mg==", field(todos, "a", "version"));
        assertEquals(T3, field(todos, "a", "updatedAt"));
        assertEquals("buy oat milk", field(todos, "a", "text"));
        assertQueue(client);
    }

    @Test
    void deleteSendsIfMatchOfTheLastKnownVersionAndNoBody() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200,
                deleted(serverItem("a", "buy milk", false, "Mg==", T3)))));
        todos.deleteById("a");

        assertEquals(1, done(client.syncContext().push()).completedOperations());

        server.verify(1, deleteRequestedFor(urlEqualTo(TABLE_PATH + "/a"))
                .withHeader("If-Match", equalTo("\"MQ==\"")).withHeader("Content-Type", absent()));
        assertEquals("", requestsInOrder().get(0).getBodyAsString());
        assertTrue(todos.lookup("a").isEmpty());
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
    }

    @Test
    void deleteAnsweredWithNoContentIsDone() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a")).willReturn(aResponse().withStatus(204)));
        todos.deleteById("a");

        assertEquals(1, done(client.syncContext().push()).completedOperations());

        server.verify(1, deleteRequestedFor(urlEqualTo(TABLE_PATH + "/a")));
        assertTrue(todos.lookup("a").isEmpty());
        assertQueue(client);
    }

    @Test
    void deleteOfAnItemTheServerNoLongerHasIsCountedAsDone() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404,
                error("The item does not exist"))));
        todos.deleteById("a");

        PushResult result = done(client.syncContext().push());

        server.verify(1, deleteRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\"")));
        assertEquals(1, result.completedOperations());
        assertTrue(result.errors().isEmpty());
        assertQueue(client);
        assertTrue(client.syncContext().errors().isEmpty());
        assertTrue(todos.lookup("a").isEmpty());
    }

    @Test
    void updateOfAnItemTheServerNoLongerHasIsAnErrorOfThatItemAndTheRestIsPushed() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404,
                error("The item does not exist"))));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("b", "bread", false,
                "MQ==", T2))));
        todos.update(todo("a", "buy oat milk", false));
        todos.insert(todo("b", "bread", false));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\"")));
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)).withRequestBody(matchingJsonPath("$.id",
                equalTo("b"))));
        assertNull(result.abortReason());
        assertEquals(1, result.completedOperations());
        assertEquals(1, result.errors().size());
        assertQueue(client, OperationKind.UPDATE, "a");
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(404, error.status());
        assertEquals("a", error.itemId());
        assertTrue(error.message().contains("The item does not exist"), error.message());
        assertNull(error.serverItem());
        assertEquals("buy oat milk", error.clientItem().get("text").asText());
        assertEquals("buy oat milk", field(todos, "a", "text"));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals("MQ==", field(todos, "b", "version"));
    }

    @Test
    void operationsArePushedInTheOrderTheyWereMade() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("d", "gone", false, "MQ==", T1), serverItem("u", "old", false, "MQ==", T1));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("i", "new", false, "MQ==",
                T2))));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/u")).willReturn(jsonAnswer(200, serverItem("u", "new", true,
                "Mg==", T2))));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/d")).willReturn(jsonAnswer(200, deleted(serverItem("d",
                "gone", false, "Mg==", T2)))));
        todos.deleteById("d");
        todos.update(todo("u", "new", true));
        todos.insert(todo("i", "new", false));

        assertEquals(3, done(client.syncContext().push()).completedOperations());

        assertEquals(List.of("DELETE /tables/TodoItem/d", "PATCH /tables/TodoItem/u", "POST /tables/TodoItem"),
                requestLines());
        assertQueue(client);
    }

    @Test
    void aChangeMadeWhileItsInsertIsInFlightKeepsTheUsersFieldsAndTakesTheServersVersion() {
        AtomicReference<SyncTable<ObjectNode>> table = new AtomicReference<>();
        SyncClient client = client(b -> b.delegate(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.kind() == OperationKind.INSERT) {
                    table.get().update(todo("a", "changed while pushing", true));
                }
                return operation.execute();
            }
        }));
        SyncTable<ObjectNode> todos = todos(client);
        table.set(todos);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("a", "first", false, "MQ==",
                T1))));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(200, serverItem("a",
                "changed while pushing", true, "Mg==", T3))));
        todos.insert(todo("a", "first", false));

        PushResult result = done(client.syncContext().push());

        // the change queued while the insert was in flight waits for the next push (a push sends what was queued
        // when it started), and is based on the version the insert got
        assertEquals(1, result.completedOperations());
        assertEquals("changed while pushing", field(todos, "a", "text"));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertEquals(1, done(client.syncContext().push()).completedOperations());
        assertEquals(List.of("POST /tables/TodoItem", "PATCH /tables/TodoItem/a"), requestLines());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"first\",\"complete\":false}")));
        server.verify(1, patchRequestedFor(urlEqualTo(TABLE_PATH + "/a")).withHeader("If-Match", equalTo("\"MQ==\""))
                .withRequestBody(equalToJson("{\"id\":\"a\",\"text\":\"changed while pushing\",\"complete\":true}")));
        assertEquals("changed while pushing", field(todos, "a", "text"));
        assertEquals("Mg==", field(todos, "a", "version"));
        assertQueue(client);
    }
}

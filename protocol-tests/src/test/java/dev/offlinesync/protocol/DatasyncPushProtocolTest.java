package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every write exchange of the Datasync 3.0.0 dialect, as the CommunityToolkit server answers it. */
class DatasyncPushProtocolTest extends DatasyncTestBase {

    @Test
    void anInsertIsPostedWithVersionHeader3AndWithoutSystemColumnsAndTakesTheServersColumns() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(DS_PATH)).willReturn(entityAnswer(201, entity("a1", "milk", false, V1, U1))
                .withHeader("Location", "http://localhost/tables/todoitem/a1")));
        todos.insert(todo("a1", "milk", false).put("version", "bG9jYWw=").put("updatedAt", U3));

        PushResult result = done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "POST", DS_PATH, null, "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":false}");
        assertEquals("3.0.0", header(requests.get(0), "ZUMO-API-VERSION"));
        assertEquals(1, result.completedOperations());
        assertEquals(V1, field(todos, "a1", "version"));
        assertEquals(U1, field(todos, "a1", "updatedAt"));
        assertEquals("null", field(todos, "a1", "createdAt"), "Datasync items have no createdAt");
        assertQueue(client);
    }

    @Test
    void aDuplicateInsertTakesTheServersEntityFromThe409WithoutFetchingIt() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(DS_PATH)).willReturn(entityAnswer(409, entity("a1", "milk", false, V1, U1))));
        todos.insert(todo("a1", "eggs", false));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(List.of("POST /tables/todoitem"), requestLines());
        assertEquals(1, result.errors().size());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(409, error.status());
        assertEquals("milk", error.serverItem().get("text").asText());
        assertEquals(V1, error.serverItem().get("version").asText());
        assertEquals("eggs", error.clientItem().get("text").asText());
        assertQueue(client, OperationKind.INSERT, "a1");
    }

    @Test
    void aDuplicateInsertWhoseServerEntityHoldsWhatWasSentIsDone() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(DS_PATH)).willReturn(entityAnswer(409, entity("a1", "milk", false, V1, U1))));
        todos.insert(todo("a1", "milk", false));

        PushResult result = done(client.syncContext().push());

        assertEquals(List.of("POST /tables/todoitem"), requestLines());
        assertEquals(1, result.completedOperations());
        assertEquals(V1, field(todos, "a1", "version"));
        assertQueue(client);
    }

    @Test
    void anUpdateReplacesTheWholeItemWithPutAndIfMatch() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedByDatasyncPull(todos, entity("a1", "milk", false, V1, U1));
        server.stubFor(put(urlEqualTo(DS_PATH + "/a1")).willReturn(entityAnswer(200,
                entity("a1", "milk", true, V2, U2))));
        todos.update(todo("a1", "milk", true));

        done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "PUT", DS_PATH + "/a1", "\"" + V1 + "\"",
                "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":true}");
        assertEquals("3.0.0", header(requests.get(0), "ZUMO-API-VERSION"));
        assertEquals(V2, field(todos, "a1", "version"));
        assertEquals(U2, field(todos, "a1", "updatedAt"));
        assertQueue(client);
    }

    @Test
    void aStaleUpdateIsAConflictCarryingTheServersCurrentEntity() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedByDatasyncPull(todos, entity("a1", "milk", false, V1, U1));
        server.stubFor(put(urlEqualTo(DS_PATH + "/a1")).willReturn(entityAnswer(412,
                entity("a1", "milk", true, V2, U2))));
        todos.update(todo("a1", "bread", false));

        failure(client.syncContext().push(), PushFailedException.class);

        assertEquals(List.of("PUT /tables/todoitem/a1"), requestLines());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(412, error.status());
        assertEquals(V2, error.serverItem().get("version").asText());
        assertEquals(true, error.serverItem().get("complete").asBoolean());
        assertQueue(client, OperationKind.UPDATE, "a1");
    }

    @Test
    void aDeleteSendsIfMatchAndA204WithoutBodyIsDone() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedByDatasyncPull(todos, entity("a1", "milk", true, V2, U2));
        server.stubFor(delete(urlEqualTo(DS_PATH + "/a1")).willReturn(noBody(204)));
        todos.deleteById("a1");

        PushResult result = done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "DELETE", DS_PATH + "/a1", "\"" + V2 + "\"", null);
        assertEquals(1, result.completedOperations());
        assertTrue(todos.lookup("a1").isEmpty());
        assertQueue(client);
    }

    @Test
    void aDeleteOfAnItemTheServerDeletedAlready410IsDone() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedByDatasyncPull(todos, entity("a1", "milk", true, V2, U2));
        server.stubFor(delete(urlEqualTo(DS_PATH + "/a1")).willReturn(noBody(410)));
        todos.deleteById("a1");

        PushResult result = done(client.syncContext().push());

        assertEquals(1, result.completedOperations());
        assertTrue(client.syncContext().errors().isEmpty());
        assertQueue(client);
    }

    @Test
    void anItemDeletedOnTheServerWhileRecreatedLocallyIsUndeletedByPutWithIncludeDeleted() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedByDatasyncPull(todos, entity("a1", "milk", false, V1, U1));
        server.stubFor(put(urlEqualTo(DS_PATH + "/a1")).withHeader("If-Match", equalTo("\"" + V1 + "\""))
                .willReturn(noBody(410)));
        stubUndeleteThenReplace();
        todos.deleteById("a1");
        todos.insert(todo("a1", "again", false));

        done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(3, requests.size(), requestLines().toString());
        assertRequest(requests.get(0), "PUT", DS_PATH + "/a1", "\"" + V1 + "\"", AGAIN);
        assertUndeleteThenReplace(requests.subList(1, 3));
        assertEquals(V4, field(todos, "a1", "version"));
        assertQueue(client);
    }

    @Test
    void anInsertOfAnIdTheServerKeepsDeletedGets409WithTheDeletedEntityAndUndeletesIt() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(DS_PATH)).willReturn(entityAnswer(409,
                entity("a1", "milk", false, V2, U1).put("deleted", true))));
        stubUndeleteThenReplace();
        todos.insert(todo("a1", "again", false));

        done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(3, requests.size(), requestLines().toString());
        assertRequest(requests.get(0), "POST", DS_PATH, null, AGAIN);
        assertUndeleteThenReplace(requests.subList(1, 3));
        assertEquals(V4, field(todos, "a1", "version"));
        assertQueue(client);
    }

    private static final String AGAIN = "{\"id\":\"a1\",\"text\":\"again\",\"complete\":false}";

    /** The server undeletes a1 (PUT with __includedeleted=true) as version V3, then takes the item as V4. */
    private static void stubUndeleteThenReplace() {
        server.stubFor(put(urlEqualTo(DS_PATH + "/a1?__includedeleted=true")).willReturn(entityAnswer(200,
                entity("a1", "again", false, V3, U2))));
        server.stubFor(put(urlEqualTo(DS_PATH + "/a1")).withHeader("If-Match", equalTo("\"" + V3 + "\""))
                .willReturn(entityAnswer(200, entity("a1", "again", false, V4, U3))));
    }

    private static void assertUndeleteThenReplace(List<LoggedRequest> requests) {
        assertRequest(requests.get(0), "PUT", DS_PATH + "/a1?__includedeleted=true", null,
                "{\"id\":\"a1\",\"text\":\"again\",\"complete\":false,\"deleted\":false}");
        assertRequest(requests.get(1), "PUT", DS_PATH + "/a1", "\"" + V3 + "\"", AGAIN);
    }
}

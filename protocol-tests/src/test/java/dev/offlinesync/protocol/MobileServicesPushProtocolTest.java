package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every write exchange of the Mobile Services 2014 dialect, as its Node runtime answers it. */
class MobileServicesPushProtocolTest extends MobileServicesTestBase {

    private static final String MILK = "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":false}";
    private static final String DONE = "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":true}";

    /** Brings a1 (milk, V1) into the local table by a real pull, then forgets that exchange. */
    private static void seedA1(SyncTable<ObjectNode> todos) {
        StubMapping list = server.stubFor(get(urlPathEqualTo(MS_PATH)).willReturn(answer(200,
                "[" + row("a1", "milk", false, V1, C1) + "]")));
        done(todos.pull(Query.all(), null));
        server.removeStub(list);
        server.resetRequests();
    }

    @Test
    void anInsertSendsTheApplicationKeyAndNoVersionHeaderAndMapsTheDoubleUnderscoreColumns() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(MS_PATH + "?__systemproperties=*")).willReturn(answer(201,
                "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":false,\"__version\":\"" + V1 + "\",\"__createdAt\":\""
                        + C1 + "\",\"__updatedAt\":\"" + C1 + "\"}")
                .withHeader("Location", "https://svc.azure-mobile.net/tables/todoitem/a1")));
        todos.insert(todo("a1", "milk", false).put("version", "bG9jYWw=").put("__secret", "not a column"));

        PushResult result = done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "POST", MS_PATH + "?__systemproperties=*", null, MILK);
        assertEquals(KEY, header(requests.get(0), "X-ZUMO-APPLICATION"));
        assertNull(header(requests.get(0), "ZUMO-API-VERSION"), "a version header is a 400 on this server");
        assertEquals(1, result.completedOperations());
        assertEquals(V1, field(todos, "a1", "version"));
        assertEquals(C1, field(todos, "a1", "createdAt"));
        assertEquals(C1, field(todos, "a1", "updatedAt"));
        assertFalse(todos.lookup("a1").orElseThrow().has("__version"));
        assertQueue(client);
    }

    @Test
    void anUpdateIsAPatchWhoseAnswerOfTheSentFieldsIsLaidOverTheLocalRow() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedA1(todos);
        server.stubFor(patch(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(answer(200,
                "{\"complete\":true,\"id\":\"a1\",\"__version\":\"" + V2 + "\",\"__updatedAt\":\"" + U2 + "\"}")));
        todos.update(todo("a1", "milk", true));

        done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "PATCH", MS_PATH + "/a1?__systemproperties=*", "\"" + V1 + "\"", DONE);
        assertEquals(KEY, header(requests.get(0), "X-ZUMO-APPLICATION"));
        assertEquals("milk", field(todos, "a1", "text"), "a field the answer left out stays");
        assertEquals("true", field(todos, "a1", "complete"));
        assertEquals(V2, field(todos, "a1", "version"));
        assertEquals(U2, field(todos, "a1", "updatedAt"));
        assertEquals(C1, field(todos, "a1", "createdAt"), "a system column the answer lacks stays");
        assertQueue(client);
    }

    @Test
    void aStalePatchIs412WithTheServersRowInLocalNames() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedA1(todos);
        server.stubFor(patch(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(answer(412,
                row("a1", "milk", true, V2, U2).toString())));
        todos.update(todo("a1", "bread", false));

        failure(client.syncContext().push(), PushFailedException.class);

        OperationError error = client.syncContext().errors().get(0);
        assertEquals(412, error.status());
        assertEquals(V2, error.serverItem().get("version").asText());
        assertEquals(U2, error.serverItem().get("updatedAt").asText());
        assertFalse(error.serverItem().has("__version"));
        assertQueue(client, OperationKind.UPDATE, "a1");
    }

    @Test
    void aDeleteSendsIfMatchAndIsAnswered204WithoutBody() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedA1(todos);
        server.stubFor(delete(urlEqualTo(MS_PATH + "/a1")).willReturn(answer(204, "")));
        todos.deleteById("a1");

        PushResult result = done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "DELETE", MS_PATH + "/a1", "\"" + V1 + "\"", null);
        assertEquals(KEY, header(requests.get(0), "X-ZUMO-APPLICATION"));
        assertEquals(1, result.completedOperations());
        assertQueue(client);
    }

    @Test
    void aDeleteOfAnItemTheServerDeletedAlready404CountsAsDone() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedA1(todos);
        server.stubFor(delete(urlEqualTo(MS_PATH + "/a1")).willReturn(envelope(404,
                "An item with id 'a1' does not exist.")));
        todos.deleteById("a1");

        PushResult result = done(client.syncContext().push());

        assertEquals(1, result.completedOperations());
        assertTrue(client.syncContext().errors().isEmpty());
        assertQueue(client);
    }

    @Test
    void aDuplicateInsertFetchesTheServersRowBecauseThe409CarriesNone() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(MS_PATH + "?__systemproperties=*")).willReturn(envelope(409,
                "Could not insert the item because an item with that id already exists.")));
        server.stubFor(get(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(answer(200,
                row("a1", "milk", false, V1, C1).toString())));
        todos.insert(todo("a1", "eggs", false));

        failure(client.syncContext().push(), PushFailedException.class);

        assertEquals(List.of("POST /tables/todoitem", "GET /tables/todoitem/a1"), requestLines());
        OperationError error = client.syncContext().errors().get(0);
        assertEquals(409, error.status());
        assertEquals("milk", error.serverItem().get("text").asText());
        assertEquals(V1, error.serverItem().get("version").asText());
        assertQueue(client, OperationKind.INSERT, "a1");
    }

    @Test
    void anInsertOfAnIdTheServerKeepsDeletedUndeletesItWithABodylessPostThenPatches() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(post(urlEqualTo(MS_PATH + "?__systemproperties=*")).willReturn(envelope(409,
                "Could not insert the item because an item with that id already exists.")));
        server.stubFor(get(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(envelope(404,
                "An item with id 'a1' does not exist.")));
        server.stubFor(post(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(answer(200,
                "{\"id\":\"a1\",\"__deleted\":false,\"__version\":\"" + V3 + "\"}")));
        server.stubFor(patch(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(answer(200,
                "{\"id\":\"a1\",\"text\":\"milk\",\"complete\":false,\"__version\":\"" + V4 + "\",\"__updatedAt\":\""
                        + U3 + "\",\"__createdAt\":\"" + C1 + "\",\"__deleted\":false}")));
        todos.insert(todo("a1", "milk", false));

        done(client.syncContext().push());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(4, requests.size(), requestLines().toString());
        assertRequest(requests.get(0), "POST", MS_PATH + "?__systemproperties=*", null, MILK);
        assertRequest(requests.get(1), "GET", MS_PATH + "/a1?__systemproperties=*", null, null);
        assertRequest(requests.get(2), "POST", MS_PATH + "/a1?__systemproperties=*", null, null);
        assertRequest(requests.get(3), "PATCH", MS_PATH + "/a1?__systemproperties=*", "\"" + V3 + "\"", MILK);
        assertEquals(V4, field(todos, "a1", "version"));
        assertQueue(client);
    }

    @Test
    void a404SayingTheTableDoesNotExistIsAMissingTableEvenOnAnItemsRoute() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        seedA1(todos);
        server.stubFor(patch(urlEqualTo(MS_PATH + "/a1?__systemproperties=*")).willReturn(envelope(404,
                "Table 'todoitem' does not exist.")));
        todos.update(todo("a1", "milk", true));

        failure(client.syncContext().push(), PushFailedException.class);

        assertEquals(OperationError.Reason.NO_SUCH_TABLE, client.syncContext().errors().get(0).reason());
    }
}

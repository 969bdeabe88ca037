package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every kind of request carries the API version, the authentication and the extra headers. */
class HeadersProtocolTest extends ProtocolTestBase {

    private static RequestPatternBuilder withAllHeaders(RequestPatternBuilder request) {
        return request.withHeader("ZUMO-API-VERSION", equalTo("2.0.0"))
                .withHeader("X-ZUMO-AUTH", equalTo("zumo-token"))
                .withHeader("Authorization", equalTo("Bearer bearer-token"))
                .withHeader("X-App-Tenant", equalTo("contoso"));
    }

    @Test
    void everyRequestKindCarriesApiVersionAuthAndExtraHeaders() {
        SyncClient client = client(b -> b.zumoAuthToken(() -> "zumo-token").bearerToken(() -> "bearer-token")
                .header("X-App-Tenant", "contoso"));
        SyncTable<ObjectNode> todos = todos(client);
        ObjectNode a = serverItem("a", "first", false, "MQ==", T1);
        ObjectNode b = serverItem("b", "retried", false, "MQ==", T2);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).withRequestBody(
                matchingJsonPath("$.id", equalTo("a")))
                .willReturn(jsonAnswer(201, a)));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).withRequestBody(
                matchingJsonPath("$.id", equalTo("b")))
                .willReturn(jsonAnswer(409, todo("b", "retried", false))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/b")).willReturn(jsonAnswer(200, b)));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a"))
                .willReturn(jsonAnswer(200, serverItem("a", "changed", true, "Mg==", T3))));
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a"))
                .willReturn(jsonAnswer(200, deleted(serverItem("a", "changed", true, "Mw==", T4)))));
        server.stubFor(get(urlPathEqualTo(TABLE_PATH)).willReturn(jsonAnswer(200, array(b))));

        todos.insert(todo("a", "first", false));
        todos.insert(todo("b", "retried", false));
        assertEquals(2, done(client.syncContext().push()).completedOperations());
        todos.update(todo("a", "changed", true));
        done(client.syncContext().push());
        todos.deleteById("a");
        done(todos.pull(Query.all(), null));

        server.verify(2, withAllHeaders(postRequestedFor(urlEqualTo(TABLE_PATH))));
        server.verify(1, withAllHeaders(getRequestedFor(urlEqualTo(TABLE_PATH + "/b"))));
        server.verify(1, withAllHeaders(patchRequestedFor(urlEqualTo(TABLE_PATH + "/a"))));
        server.verify(1, withAllHeaders(deleteRequestedFor(urlEqualTo(TABLE_PATH + "/a"))));
        server.verify(1, withAllHeaders(getRequestedFor(urlPathEqualTo(TABLE_PATH))));
        server.verify(6, withAllHeaders(anyRequestedFor(anyUrl())));
        assertEquals(List.of("POST /tables/TodoItem", "POST /tables/TodoItem", "GET /tables/TodoItem/b",
                "PATCH /tables/TodoItem/a", "DELETE /tables/TodoItem/a", "GET /tables/TodoItem"), requestLines());
        assertTrue(todos.lookup("a").isEmpty(), "a was deleted");
        assertEquals("MQ==", field(todos, "b", "version"));
        assertQueue(client);
    }

    /** A token the JDK refuses (a trailing line break) fails naming the header, never quoting the token. */
    @Test
    void aTokenThatCannotBeSentIsNamedButNeverQuoted() {
        SyncClient client = client(b -> b.bearerToken(() -> "s3cret-bearer\n"));
        SyncTable<ObjectNode> todos = todos(client);

        SyncException refused = failure(todos.pull(Query.all(), null), SyncException.class);

        assertTrue(refused.getMessage().contains("Authorization"), refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("s3cret"), "the token is quoted: " + t);
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void withoutTokensNoAuthenticationHeaderIsSent() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("a", "x", false, "MQ==", T1))));
        server.stubFor(get(urlPathEqualTo(TABLE_PATH)).willReturn(jsonAnswer(200, "[]")));

        todos.insert(todo("a", "x", false));
        done(todos.pull(Query.all(), null));

        server.verify(2, anyRequestedFor(anyUrl()).withHeader("ZUMO-API-VERSION", equalTo("2.0.0"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("X-ZUMO-AUTH", absent()).withHeader("Authorization", absent()));
        assertEquals("MQ==", field(todos, "a", "version"));
    }

    @Test
    void tokensAreAskedForEachRequestSoARefreshedTokenIsUsed() {
        AtomicReference<String> token = new AtomicReference<>("expired");
        SyncClient client = client(b -> b.zumoAuthToken(token::get).bearerToken(token::get));
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(any(anyUrl()).withHeader("X-ZUMO-AUTH", equalTo("expired"))
                .willReturn(jsonAnswer(401, error("Unauthorized"))));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).withHeader("X-ZUMO-AUTH", equalTo("fresh"))
                .willReturn(jsonAnswer(201, serverItem("a", "x", false, "MQ==", T1))));
        todos.insert(todo("a", "x", false));

        PushResult refused = failure(client.syncContext().push(), PushFailedException.class).result();
        assertEquals(PushResult.AbortReason.AUTHENTICATION, refused.abortReason());
        assertQueue(client, OperationKind.INSERT, "a");
        token.set("fresh");
        assertEquals(1, done(client.syncContext().push()).completedOperations());

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(2, requests.size());
        assertEquals("expired", requests.get(0).getHeader("X-ZUMO-AUTH"));
        assertEquals("Bearer fresh", requests.get(1).getHeader("Authorization"));
        assertEquals("fresh", requests.get(1).getHeader("X-ZUMO-AUTH"));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertQueue(client);
    }
}

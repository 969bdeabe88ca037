package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Authenticator;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A 401 asks the authenticator once to refresh the credentials; the request is then sent once more. */
class AuthenticatorProtocolTest extends ProtocolTestBase {

    /** The server takes only this token; any other gets a 401. */
    private static void serverAcceptsOnly(String header, String value) {
        server.stubFor(post(urlEqualTo(TABLE_PATH)).atPriority(2).willReturn(jsonAnswer(401, error("Unauthorized"))
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).atPriority(1).withHeader(header, equalTo(value))
                .willReturn(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1))));
    }

    private static SyncTable<ObjectNode> oneInsert(SyncClient client) {
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));
        return todos;
    }

    @Test
    void authenticatorRefreshesCredentialsOnceOn401() {
        AtomicReference<String> token = new AtomicReference<>("expired");
        List<Authenticator.Challenge> challenges = new CopyOnWriteArrayList<>();
        SyncClient client = client(b -> b.bearerToken(token::get).authenticator(challenge -> {
            challenges.add(challenge);
            token.set("fresh");
            return Map.of();
        }));
        SyncTable<ObjectNode> todos = oneInsert(client);
        serverAcceptsOnly("Authorization", "Bearer fresh");

        done(client.syncContext().push());

        assertEquals(List.of(new Authenticator.Challenge(401, "POST", "tables/" + TABLE,
                "Bearer error=\"invalid_token\"")), challenges);
        assertEquals(List.of("Bearer expired", "Bearer fresh"),
                requestsInOrder().stream().map(r -> r.getHeader("Authorization")).toList());
        assertEquals("MQ==", field(todos, "a", "version"));
        assertQueue(client);
    }

    @Test
    void headersTheAuthenticatorReturnsAreSentWithTheRetry() {
        SyncClient client = client(b -> b.zumoAuthToken(() -> "expired")
                .authenticator(challenge -> Map.of("X-ZUMO-AUTH", "signed-in-again")));
        SyncTable<ObjectNode> todos = oneInsert(client);
        serverAcceptsOnly("X-ZUMO-AUTH", "signed-in-again");

        done(client.syncContext().push());

        assertEquals(List.of("expired", "signed-in-again"),
                requestsInOrder().stream().map(r -> r.getHeader("X-ZUMO-AUTH")).toList());
        assertEquals("MQ==", field(todos, "a", "version"));
    }

    @Test
    void secondUnauthorizedAfterRefreshFails() {
        List<Authenticator.Challenge> challenges = new CopyOnWriteArrayList<>();
        SyncClient client = client(b -> b.bearerToken(() -> "revoked").authenticator(challenge -> {
            challenges.add(challenge);
            return Map.of();
        }));
        SyncTable<ObjectNode> todos = oneInsert(client);
        serverAcceptsOnly("Authorization", "Bearer never-sent");

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.AUTHENTICATION, result.abortReason());
        HttpStatusException cause = assertInstanceOf(HttpStatusException.class, result.abortCause());
        assertEquals(401, cause.status());
        assertTrue(cause.getMessage().contains("sign in again"), cause.getMessage());
        assertTrue(cause.getMessage().contains("even after the authenticator refreshed them"), cause.getMessage());
        assertEquals(1, challenges.size(), "the authenticator is asked once per request");
        server.verify(2, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertQueue(client, OperationKind.INSERT, "a");
        assertEquals("null", field(todos, "a", "version"));
    }

    @Test
    void anAuthenticatorThatGivesUpFailsWithoutRetrying() {
        SyncClient client = client(b -> b.bearerToken(() -> "expired").authenticator(challenge -> null));
        oneInsert(client);
        serverAcceptsOnly("Authorization", "Bearer fresh");

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.AUTHENTICATION, result.abortReason());
        assertEquals(401, assertInstanceOf(HttpStatusException.class, result.abortCause()).status());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
    }

    @Test
    void anAuthenticatorThatThrowsFailsTheRequestAsA401WithTheCause() {
        IllegalStateException refreshFailed = new IllegalStateException("identity provider unreachable");
        SyncClient client = client(b -> b.bearerToken(() -> "expired").authenticator(challenge -> {
            throw refreshFailed;
        }));
        oneInsert(client);
        serverAcceptsOnly("Authorization", "Bearer fresh");

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.AUTHENTICATION, result.abortReason());
        HttpStatusException cause = assertInstanceOf(HttpStatusException.class, result.abortCause());
        assertEquals(401, cause.status());
        assertEquals(refreshFailed, cause.getCause());
        assertTrue(cause.getMessage().contains("authenticator failed"), cause.getMessage());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
    }
}

package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.offlinesync.protocol.PullProtocolTest.after;
import static dev.offlinesync.protocol.PullProtocolTest.ids;
import static dev.offlinesync.protocol.PullProtocolTest.page;
import static dev.offlinesync.protocol.PullProtocolTest.pageRequested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures that stop a push (the operation stays at the head of the queue, nothing is lost) or fail a pull
 * (pages before the failure stay applied): 5xx after retries, 401/403, broken connections, timeouts.
 */
class FailureProtocolTest extends ProtocolTestBase {

    /** Two local inserts, "a" then "b"; "a" is pushed first. */
    private static SyncTable<ObjectNode> twoInserts(SyncClient client) {
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));
        todos.insert(todo("b", "bread", false));
        return todos;
    }

    /** Nothing of the failed push was lost: both inserts are queued in order, both rows as written. */
    private static void assertNothingLost(SyncClient client, SyncTable<ObjectNode> todos) {
        assertTrue(client.syncContext().errors().isEmpty());
        assertQueueAndRowsIntact(client, todos);
    }

    private static void assertQueueAndRowsIntact(SyncClient client, SyncTable<ObjectNode> todos) {
        assertQueue(client, OperationKind.INSERT, "a", OperationKind.INSERT, "b");
        assertEquals(2, client.syncContext().pendingOperationCount());
        assertEquals("buy milk", field(todos, "a", "text"));
        assertEquals("null", field(todos, "a", "version"));
        assertEquals("bread", field(todos, "b", "text"));
    }

    @ParameterizedTest(name = "retries {0}")
    @ValueSource(ints = {0, 2})
    void aServerErrorIsRetriedThenAbortsThePushWithTheOperationAtTheHead(int retries) {
        SyncClient client = client(b -> b.retries(retries, Duration.ofMillis(1)));
        SyncTable<ObjectNode> todos = twoInserts(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(500, error("database is locked"))));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.SERVER, result.abortReason());
        HttpStatusException cause = assertInstanceOf(HttpStatusException.class, result.abortCause());
        assertEquals(500, cause.status());
        assertTrue(cause.getMessage().contains("database is locked"), cause.getMessage());
        server.verify(retries + 1, postRequestedFor(urlEqualTo(TABLE_PATH)).withRequestBody(matchingJsonPath("$.id",
                equalTo("a"))));
        server.verify(retries + 1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertQueueAndRowsIntact(client, todos);
        assertEquals(List.of(), client.syncContext().errors(), "an outage (the server fails a probe too) is no"
                + " operation's error");
    }

    @Test
    void a503FollowedBySuccessCompletesThePush() {
        SyncClient client = client(b -> b.retries(1, Duration.ofMillis(1)));
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("restart").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("restart").whenScenarioStateIs("up")
                .willReturn(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1))));

        PushResult result = done(client.syncContext().push());

        server.verify(2, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertEquals(1, result.completedOperations());
        assertEquals("MQ==", field(todos, "a", "version"));
        assertQueue(client);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {401, 403})
    void refusedCredentialsAbortThePushWithoutRetrying(int status) {
        SyncClient client = client(b -> b.retries(2, Duration.ofMillis(1)).zumoAuthToken(() -> "expired"));
        SyncTable<ObjectNode> todos = twoInserts(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(status, error("Unauthorized"))));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.AUTHENTICATION, result.abortReason());
        assertEquals(status, assertInstanceOf(HttpStatusException.class, result.abortCause()).status());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)).withHeader("X-ZUMO-AUTH", equalTo("expired")));
        assertNothingLost(client, todos);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aBrokenConnectionAbortsThePushAsNetworkAndLosesNothing(Fault fault) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = twoInserts(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withFault(fault)));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.NETWORK, result.abortReason());
        assertInstanceOf(TransportException.class, result.abortCause());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)).withRequestBody(matchingJsonPath("$.id",
                equalTo("a"))));
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertNothingLost(client, todos);
    }

    @Test
    void aConnectionResetIsRetriedLikeAServerError() {
        SyncClient client = client(b -> b.retries(1, Duration.ofMillis(1)));
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1))));

        done(client.syncContext().push());

        server.verify(2, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertQueue(client);
    }

    @Test
    void noAnswerWithinTheRequestTimeoutAbortsThePushAsNetwork() {
        SyncClient client = client(b -> b.requestTimeout(Duration.ofMillis(250)));
        SyncTable<ObjectNode> todos = twoInserts(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("a", "buy milk", false,
                "MQ==", T1)).withFixedDelay(2_000)));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.NETWORK, result.abortReason());
        TransportException cause = assertInstanceOf(TransportException.class, result.abortCause());
        assertTrue(cause.getMessage().contains("requestTimeout"), cause.getMessage());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertNothingLost(client, todos);
    }

    @Test
    void anUnreachableServerAbortsThePushAsNetwork() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SyncClient offline = clientAt(URI.create("http://127.0.0.1:" + closedPort + "/"), b -> { });
        SyncTable<ObjectNode> todos = twoInserts(offline);

        PushResult result = failure(offline.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.NETWORK, result.abortReason());
        assertInstanceOf(TransportException.class, result.abortCause());
        assertNothingLost(offline, todos);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aBrokenConnectionFailsThePullKeepsEarlierPagesAndTheNextPullResumes(Fault fault) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(serverItem("a", "x", false, "MQ==", T1),
                serverItem("b", "y", false, "MQ==", T2)))));
        server.stubFor(page(after(T2, "b")).willReturn(aResponse().withFault(fault)));
        PullOptions pageOfTwo = PullOptions.defaults().withPageSize(2);

        TransportException failure = failure(todos.pull(Query.all(), "q", pageOfTwo), TransportException.class);

        assertTrue(failure.getMessage().contains("TodoItem"), failure.getMessage());
        assertEquals(List.of("a", "b"), ids(todos));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(serverItem("c", "z", false, "MQ==",
                T3)))));
        done(todos.pull(Query.all(), "q", pageOfTwo));
        server.verify(1, pageRequested(null, 2));
        assertEquals(List.of("a", "b", "c"), ids(todos));
    }

    @Test
    void noAnswerWithinTheRequestTimeoutFailsThePull() {
        SyncClient client = client(b -> b.requestTimeout(Duration.ofMillis(250)));
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, "[]").withFixedDelay(2_000)));

        failure(todos.pull(Query.all(), null), TransportException.class);

        server.verify(1, getRequestedFor(urlPathEqualTo(TABLE_PATH)));
        assertTrue(todos.read(Query.all()).items().isEmpty());
    }

    @Test
    void aServerErrorOnAPageFailsThePullWithTheServersMessage() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(500, error("Expression expected (at index 8)"))));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertEquals(500, failure.status());
        assertTrue(failure.getMessage().contains("Expression expected"), failure.getMessage());
        assertTrue(todos.read(Query.all()).items().isEmpty());
    }
}

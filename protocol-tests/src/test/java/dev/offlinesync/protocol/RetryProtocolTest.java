package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.offlinesync.protocol.PullProtocolTest.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.Query;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which answers the client sends again, how long it waits in between (the retry policy, or the server's
 * {@code Retry-After}), and what the app sees when the retries run out.
 */
class RetryProtocolTest extends ProtocolTestBase {

    /** One retry after 1 ms, so that only a server's Retry-After can make the client wait long. */
    private static final RetryPolicy ONE_QUICK_RETRY = RetryPolicy.NONE.withMaxRetries(1)
            .withBaseDelay(Duration.ofMillis(1)).withMaxDelay(Duration.ofSeconds(5)).withJitter(0);

    /** The server refuses the first POST with this answer, then takes the insert. */
    private static void firstInsertRefusedWith(ResponseDefinitionBuilder refusal) {
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(refusal).willSetStateTo("free"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1))));
    }

    private static SyncTable<ObjectNode> oneInsert(SyncClient client) {
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));
        return todos;
    }

    /** The client's pause between the first two requests the server saw. */
    private static Duration pauseBetweenTheFirstTwoRequests() {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests = requestsInOrder();
        return Duration.ofMillis(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime());
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static void assertPushedOnSecondAttempt(SyncClient client, SyncTable<ObjectNode> todos) {
        PushResult result = done(client.syncContext().push());
        assertEquals(1, result.completedOperations());
        server.verify(2, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertEquals("MQ==", field(todos, "a", "version"));
        assertQueue(client);
    }

    @Test
    void retryAfterSecondsIsHonouredOn503() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY));
        SyncTable<ObjectNode> todos = oneInsert(client);
        firstInsertRefusedWith(aResponse().withStatus(503).withHeader("Retry-After", "1"));

        assertPushedOnSecondAttempt(client, todos);

        Duration pause = pauseBetweenTheFirstTwoRequests();
        assertTrue(pause.compareTo(Duration.ofMillis(900)) >= 0, "the client waited only " + pause);
    }

    @Test
    void retryAfterHttpDateIsHonouredOn429() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY));
        SyncTable<ObjectNode> todos = oneInsert(client);
        // The server's clock is an hour behind the device's: the date counts from the answer's own Date header.
        Instant serverNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        firstInsertRefusedWith(jsonAnswer(429, error("Too many requests")).withHeader("Date", httpDate(serverNow))
                .withHeader("Retry-After", httpDate(serverNow.plusSeconds(1))));

        assertPushedOnSecondAttempt(client, todos);

        Duration pause = pauseBetweenTheFirstTwoRequests();
        assertTrue(pause.compareTo(Duration.ofMillis(900)) >= 0, "the client waited only " + pause);
    }

    @Test
    void retryAfterBeyondTheCapFailsAtOnceSayingWhenToTryAgain() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY.withMaxRetries(3)));
        SyncTable<ObjectNode> todos = oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(503, error("Down for maintenance"))
                .withHeader("Retry-After", "3600")));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.SERVER, result.abortReason());
        HttpStatusException cause = assertInstanceOf(HttpStatusException.class, result.abortCause());
        assertEquals(503, cause.status());
        assertTrue(cause.getMessage().contains("asks to wait 3600 s"), cause.getMessage());
        assertTrue(cause.getMessage().contains("try again after"), cause.getMessage());
        assertTrue(cause.getMessage().contains("RetryPolicy.maxDelay"), cause.getMessage());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertEquals("null", field(todos, "a", "version"));
    }

    @Test
    void tooManyRequestsIsRetried() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY));
        SyncTable<ObjectNode> todos = oneInsert(client);
        firstInsertRefusedWith(jsonAnswer(429, error("Too many requests")));

        assertPushedOnSecondAttempt(client, todos);
    }

    @Test
    void requestTimeoutAnswerIsRetried() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY));
        SyncTable<ObjectNode> todos = oneInsert(client);
        firstInsertRefusedWith(aResponse().withStatus(408));

        assertPushedOnSecondAttempt(client, todos);
    }

    @Test
    void noHeadersWithinTheRequestTimeoutIsRetried() {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY).requestTimeout(Duration.ofSeconds(2)));
        SyncTable<ObjectNode> todos = oneInsert(client);
        // The retry must fit in the timeout on a loaded machine too, so the timeout is not tight.
        firstInsertRefusedWith(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1)).withFixedDelay(6_000));

        assertPushedOnSecondAttempt(client, todos);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {408, 429})
    void afterTheRetriesA408Or429FailsWithItsStatusAndSaysWhatToDo(int status) {
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY));
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(status, error("Slow down"))));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertEquals(status, failure.status());
        assertTrue(failure.getMessage().contains("after 1 retry"), failure.getMessage());
        assertTrue(failure.getMessage().contains(status == 429 ? "wait a while" : "try again"), failure.getMessage());
        server.verify(2, getRequestedFor(urlPathEqualTo(TABLE_PATH)));
    }

    @Test
    void tokenSupplierIsAskedOnEveryAttempt() {
        AtomicInteger asked = new AtomicInteger();
        SyncClient client = client(b -> b.retryPolicy(ONE_QUICK_RETRY.withMaxRetries(2))
                .bearerToken(() -> "token-" + asked.incrementAndGet()));
        SyncTable<ObjectNode> todos = oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("restart").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("starting"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("restart").whenScenarioStateIs("starting")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).inScenario("restart").whenScenarioStateIs("up")
                .willReturn(jsonAnswer(201, serverItem("a", "buy milk", false, "MQ==", T1))));

        done(client.syncContext().push());

        assertEquals(List.of("Bearer token-1", "Bearer token-2", "Bearer token-3"),
                requestsInOrder().stream().map(r -> r.getHeader("Authorization")).toList());
        assertEquals("MQ==", field(todos, "a", "version"));
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)).withHeader("Authorization",
                equalTo("Bearer token-3")));
    }
}

package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.store.memory.MemoryStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock server on a dynamic loopback port (one per test class, reset before each test), clients on a fresh
 * {@link MemoryStore}, and the JSON the real Node server answers with (as captured from it).
 */
abstract class ProtocolTestBase {

    static final String TABLE = "TodoItem";
    static final String TABLE_PATH = "/tables/" + TABLE;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String T1 = "2026-11-23T23:05:13.261Z";
    static final String T2 = "2026-11-23T23:05:13.274Z";
    static final String T3 = "2026-11-23T23:05:13.299Z";
    static final String T4 = "2026-11-23T23:05:13.313Z";

    static WireMockServer server;

    private final List<SyncClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SyncClient::close);
    }

    /** A client with small timeouts and no retries. */
    SyncClient client() {
        return client(b -> { });
    }

    /** A client with small timeouts and no retries, then whatever the test changes. */
    SyncClient client(Consumer<SyncClient.Builder> customize) {
        return clientAt(URI.create(server.baseUrl()), customize);
    }

    /** A client of another service URI, with small timeouts and no retries. */
    SyncClient clientAt(URI serviceUri, Consumer<SyncClient.Builder> customize) {
        SyncClient.Builder builder = SyncClient.builder(serviceUri)
                .store(new MemoryStore())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .retries(0, Duration.ofMillis(1));
        customize.accept(builder);
        SyncClient client = builder.build();
        clients.add(client);
        return client;
    }

    /** The TodoItem table of the fixtures: text STRING, complete BOOLEAN. */
    static SyncTable<ObjectNode> todos(SyncClient client) {
        return client.table(TABLE, Map.of("text", ColumnType.STRING, "complete", ColumnType.BOOLEAN));
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A user's item as the app writes it. */
    static ObjectNode todo(String id, String text, boolean complete) {
        return JSON.createObjectNode().put("id", id).put("text", text).put("complete", complete);
    }

    /** An item as the Node server answers it: with createdAt, updatedAt, version and deleted. */
    static ObjectNode serverItem(String id, String text, boolean complete, String version, String updatedAt) {
        return JSON.createObjectNode().put("text", text).put("complete", complete).put("id", id)
                .put("createdAt", T1).put("updatedAt", updatedAt).put("version", version).put("deleted", false);
    }

    /** The same item, soft-deleted. */
    static ObjectNode deleted(ObjectNode item) {
        return item.deepCopy().put("deleted", true);
    }

    /** A JSON answer with the Node server's headers; the ETag is the item's version when it has one. */
    static ResponseDefinitionBuilder jsonAnswer(int status, Object body) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body.toString());
        if (body instanceof ObjectNode node && node.path("version").isTextual()) {
            answer.withHeader("ETag", "\"" + node.get("version").textValue() + "\"");
        }
        return answer;
    }

    /** A bare JSON array of items, as the Node server lists. */
    static String array(ObjectNode... items) {
        return JSON.createArrayNode().addAll(List.of(items)).toString();
    }

    /** The Node server's error body. */
    static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** The value of a completed future; fails the test after 10 s. */
    static <T> T done(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, but failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** The exception a future failed with: the SyncException itself is the cause of the ExecutionException. */
    static <X extends Throwable> X failure(CompletableFuture<?> future, Class<X> type) {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            return fail("expected " + type.getSimpleName() + " but completed with " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause(), () -> "cause was " + e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** Every request the server received, oldest first. */
    static List<LoggedRequest> requestsInOrder() {
        List<LoggedRequest> requests = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            requests.add(event.getRequest());
        }
        Collections.reverse(requests);
        return requests;
    }

    /** "METHOD /path" of every request, oldest first. */
    static List<String> requestLines() {
        return requestsInOrder().stream().map(r -> r.getMethod().getName() + " " + r.getUrl().replaceAll("\\?.*", ""))
                .toList();
    }

    /** The query parameters of a request, decoded, as "name=value" in the order sent. */
    static List<String> query(LoggedRequest request) {
        String url = request.getUrl();
        int mark = url.indexOf('?');
        List<String> parameters = new ArrayList<>();
        if (mark >= 0) {
            for (String pair : url.substring(mark + 1).split("&")) {
                parameters.add(URLDecoder.decode(pair, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /**
     * Asserts one request exactly: method, path with its decoded query, the {@code If-Match} header ({@code null}:
     * absent) and the JSON body ({@code null}: none).
     */
    static void assertRequest(LoggedRequest request, String method, String decodedUrl, String ifMatch, String body) {
        assertEquals(method + " " + decodedUrl, request.getMethod().getName() + " "
                + URLDecoder.decode(request.getUrl(), StandardCharsets.UTF_8));
        assertEquals(ifMatch, header(request, "If-Match"), "If-Match of " + decodedUrl);
        if (body == null) {
            assertEquals("", request.getBodyAsString(), "body of " + method + " " + decodedUrl);
        } else {
            assertEquals(json(body), json(request.getBodyAsString()), "body of " + method + " " + decodedUrl);
            assertEquals("application/json", header(request, "Content-Type"));
        }
    }

    /** A request header, or {@code null} when it was not sent. */
    static String header(LoggedRequest request, String name) {
        return request.containsHeader(name) ? request.getHeader(name) : null;
    }

    /** Asserts the queue holds exactly these (kind, itemId) pairs in this order, none in flight. */
    static void assertQueue(SyncClient client, Object... kindThenId) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < kindThenId.length; i += 2) {
            expected.add(((OperationKind) kindThenId[i]).name() + " " + kindThenId[i + 1]);
        }
        List<PendingOperation> pending = client.syncContext().pendingOperations();
        assertEquals(expected, pending.stream().map(p -> p.kind().name() + " " + p.itemId()).toList(),
                "the operation queue");
        pending.forEach(p -> assertEquals(false, p.inFlight(), "in flight after the push: " + p));
    }

    /**
     * Brings these server items into the local table by a real pull, then forgets that exchange (its stub and
     * the request journal), so the test's verifications see only its own requests.
     */
    static void seedByPull(SyncTable<ObjectNode> table, ObjectNode... items) {
        StubMapping list = server.stubFor(get(urlPathEqualTo("/tables/" + table.name()))
                .willReturn(jsonAnswer(200, array(items))));
        done(table.pull(Query.all(), null));
        server.removeStub(list);
        server.resetRequests();
    }

    /** The local row's field as text ("null" when null, absent when missing). */
    static String field(SyncTable<ObjectNode> table, String id, String name) {
        ObjectNode row = table.lookup(id).orElseThrow(() -> new AssertionError("no local row " + id));
        return row.has(name) ? row.get(name).asText() : "(absent)";
    }
}

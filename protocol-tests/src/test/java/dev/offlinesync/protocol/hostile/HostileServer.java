package dev.offlinesync.protocol.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.h2.H2Store;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.store.sqlite.SqliteStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A scriptable server (WireMock on a loopback port, reset before each test) and devices on every store, for tests
 * of what the library does with answers a correct server never sends.
 *
 * <p>The usual script: a device pulls rows a (T1) and b (T2) with query id {@value #QUERY_ID}, so its saved
 * cursor is after (T2, b); then the server gives a bad answer to the next pull's first page;
 * {@link #assertRejectedAndRecovers} checks that the pull fails with the expected exception, that rows, queue,
 * errors and saved cursor did not change, and that a following good answer leaves the device exactly as a device
 * that never saw the bad one. A new case is one test method that scripts the bad answer.
 */
abstract class HostileServer {

    static final String TABLE = "TodoItem";
    static final String TABLE_PATH = "/tables/" + TABLE;
    static final String QUERY_ID = "q";
    /** Rows asked per page by the scripted pulls. */
    static final int PAGE = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String T1 = "2026-11-23T23:05:13.261Z";
    static final String T2 = "2026-11-23T23:05:13.274Z";
    static final String T3 = "2026-11-23T23:05:13.299Z";
    static final String T4 = "2026-11-23T23:05:13.313Z";
    /** The Date header of the scripted answers: a few minutes after the rows were written. */
    static final Instant SERVER_DATE = Instant.parse("2026-11-23T23:10:00Z");

    /** The local stores every case runs on. */
    enum Store {
        SQLITE(SqliteStore::inMemory), H2(H2Store::inMemory), MEMORY(MemoryStore::new);

        private final Supplier<SyncContextDataSource> factory;

        Store(Supplier<SyncContextDataSource> factory) {
            this.factory = factory;
        }
    }

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

    /** One app on one store: the client, its TodoItem table and the store it reads its state from. */
    record Device(SyncClient client, SyncTable<ObjectNode> todos, SyncContextDataSource store) {

        CompletableFuture<PullResult> pull() {
            return pull(PullOptions.defaults().withPageSize(PAGE));
        }

        CompletableFuture<PullResult> pull(PullOptions options) {
            return todos.pull(Query.all(), QUERY_ID, options);
        }

        /** Every row of the table, the queue, the errors and the saved cursors, as the store holds them. */
        Map<String, List<Map<String, Object>>> state() {
            Map<String, List<Map<String, Object>>> state = new LinkedHashMap<>();
            for (String table : List.of(TABLE, "MS_TableOperations", "MS_TableOperationErrors", "MS_TableConfig")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Map<String, Object> row : store.transaction(ops -> ops.read(StoreQuery.all(table)).rows())) {
                    rows.add(new TreeMap<>(row));
                }
                rows.sort((x, y) -> String.valueOf(x).compareTo(String.valueOf(y)));
                state.put(table, rows);
            }
            return state;
        }
    }

    /** A device on a fresh store of this kind, with small timeouts and no retries. */
    Device device(Store store) {
        return deviceAt(store, URI.create(server.baseUrl()));
    }

    Device deviceAt(Store store, URI service) {
        SyncContextDataSource data = store.factory.get();
        SyncClient client = SyncClient.builder(service).store(data).connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5)).retries(0, Duration.ofMillis(1)).build();
        clients.add(client);
        SyncTable<ObjectNode> todos = client.table(TABLE, Map.of("text", ColumnType.STRING,
                "complete", ColumnType.BOOLEAN, "due", ColumnType.DATE));
        return new Device(client, todos, data);
    }

    /** A device that pulled a (T1) and b (T2) with the query id: its cursor is after (T2, b). */
    Device seeded(Store store) {
        Device device = device(store);
        server.stubFor(page(null).willReturn(answer(row("a", T1), row("b", T2))));
        done(device.pull());
        server.resetAll();
        return device;
    }

    /**
     * The usual script: a seeded device's next pull gets {@code bad} for its first page and fails with
     * {@code expected}, changing nothing; then the server answers row c (T3) and the device ends exactly as a
     * device that never saw the bad answer, having asked for the same page.
     */
    <X extends SyncException> X assertRejectedAndRecovers(Store store, ResponseDefinitionBuilder bad,
                                                         Class<X> expected) {
        Device device = seeded(store);
        Map<String, List<Map<String, Object>>> before = device.state();
        server.stubFor(page(after(T2, "b")).willReturn(bad));

        X failure = failure(device.pull(), expected);

        assertEquals(before, device.state(), "rows, queue, errors and saved cursor after the bad answer");
        assertEquals(List.of(after(T2, "b")), filtersAsked(), "one request, after the saved cursor");
        server.resetAll();
        server.stubFor(page(after(T2, "b")).willReturn(answer(row("c", T3))));
        done(device.pull());
        List<String> recoveryAsked = filtersAsked();
        Device control = seeded(store);
        server.stubFor(page(after(T2, "b")).willReturn(answer(row("c", T3))));
        done(control.pull());
        assertEquals(control.state(), device.state(), "the device after recovering, and one that never saw it");
        assertEquals(filtersAsked(), recoveryAsked, "the recovering pull asked what the other device asked");
        return failure;
    }

    /** The list request of a page with this $filter (or none). */
    static MappingBuilder page(String filter) {
        return get(urlPathEqualTo(TABLE_PATH)).withQueryParam("$filter", filter == null ? absent() : equalTo(filter));
    }

    /** The keyset cursor's filter: after the row (updatedAt, id). */
    static String after(String updatedAt, String id) {
        String date = "datetimeoffset'" + updatedAt + "'";
        return "(updatedAt gt " + date + ") or ((updatedAt eq " + date + ") and (id gt '" + id + "'))";
    }

    /** The $filter of every list request since the last reset, oldest first ("" for none). */
    static List<String> filtersAsked() {
        List<String> filters = new ArrayList<>();
        for (LoggedRequest request : server.findAll(getRequestedFor(urlPathEqualTo(TABLE_PATH)))) {
            filters.add(request.queryParameter("$filter").isPresent()
                    ? request.queryParameter("$filter").firstValue() : "");
        }
        return filters;
    }

    /** An item as the Node server lists it. */
    static ObjectNode row(String id, String updatedAt) {
        return JSON.createObjectNode().put("text", "row " + id).put("complete", false).put("id", id)
                .put("createdAt", T1).put("updatedAt", updatedAt).put("version", "MQ==").put("deleted", false);
    }

    /** The item without this field. */
    static ObjectNode without(ObjectNode item, String field) {
        ObjectNode copy = item.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** A 200 list answer as the Node server sends it (bare array), dated {@link #SERVER_DATE}. */
    static ResponseDefinitionBuilder answer(ObjectNode... items) {
        return json(array(items)).withHeader("Date", httpDate(SERVER_DATE));
    }

    /** A 200 JSON answer with this body and no Date header. */
    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    static String array(ObjectNode... items) {
        ArrayNode array = JSON.createArrayNode();
        array.addAll(List.of(items));
        return array.toString();
    }

    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
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

    /** The exception a future failed with. */
    static <X extends Throwable> X failure(CompletableFuture<?> future, Class<X> type) {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            return fail("expected " + type.getSimpleName() + " but completed with " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause(), () -> "failed with " + e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** The ids of the local table, by id. */
    static List<String> ids(Device device) {
        return device.todos().read(Query.all().orderBy("id")).items().stream().map(i -> i.get("id").asText())
                .toList();
    }
}

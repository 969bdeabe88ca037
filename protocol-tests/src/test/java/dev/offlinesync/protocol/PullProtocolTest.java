package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.Filter;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The list requests of a pull: pages ordered by (updatedAt, id), read with a keyset cursor. */
class PullProtocolTest extends ProtocolTestBase {

    private final ObjectNode a = serverItem("a", "first", false, "MQ==", T1);
    private final ObjectNode b = serverItem("b", "second", false, "MQ==", T2);
    private final ObjectNode c = serverItem("c", "third, same time as b", true, "MQ==", T2);

    /** The keyset cursor's filter: after the row (updatedAt, id). */
    static String after(String updatedAt, String id) {
        String date = "datetimeoffset'" + updatedAt + "'";
        return "(updatedAt gt " + date + ") or ((updatedAt eq " + date + ") and (id gt '" + id + "'))";
    }

    /** The list request of a page with this $filter (or none). */
    static MappingBuilder page(String filter) {
        return get(urlPathEqualTo(TABLE_PATH)).withQueryParam("$filter", filter == null ? absent() : equalTo(filter));
    }

    /** A list request as every pull sends it: ordered by (updatedAt, id), $top, deleted rows included. */
    static RequestPatternBuilder pageRequested(String filter, int top) {
        return getRequestedFor(urlPathEqualTo(TABLE_PATH))
                .withQueryParam("$filter", filter == null ? absent() : equalTo(filter))
                .withQueryParam("$orderby", equalTo("updatedAt,id"))
                .withQueryParam("$top", equalTo(Integer.toString(top)))
                .withQueryParam("__includeDeleted", equalTo("true"))
                .withHeader("ZUMO-API-VERSION", equalTo("2.0.0"));
    }

    @Test
    void pagesAreReadWithAKeysetCursorAndAShortPageEndsThePullWithoutAnotherRequest() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(c))));

        PullResult result = done(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2)));

        server.verify(1, pageRequested(null, 2));
        server.verify(1, pageRequested(after(T2, "b"), 2));
        server.verify(2, getRequestedFor(urlPathEqualTo(TABLE_PATH)));
        List<LoggedRequest> requests = requestsInOrder();
        assertTrue(requests.get(0).getUrl().contains("__includeDeleted=true"), requests.get(0).getUrl());
        assertTrue(requests.get(1).getUrl().contains("__includeDeleted=true"), requests.get(1).getUrl());
        assertEquals(new PullResult(TABLE, 2, 3, 3, 0, 0, 0), result);
        assertEquals(List.of("a", "b", "c"), ids(todos));
        assertEquals("third, same time as b", field(todos, "c", "text"));
        assertEquals(T2, field(todos, "c", "updatedAt"));
        assertEquals("MQ==", field(todos, "c", "version"));
    }

    @Test
    void aFullLastPageIsFollowedByOneRequestThatFindsNothing() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, "[]")));

        PullResult result = done(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2)));

        server.verify(1, pageRequested(after(T2, "b"), 2));
        server.verify(2, getRequestedFor(urlPathEqualTo(TABLE_PATH)));
        assertEquals(2, result.requests());
        assertEquals(List.of("a", "b"), ids(todos));
    }

    @Test
    void eachPageOfABatchCommittedTogetherReportsTheRowsReceivedUpToIt() {
        SyncTable<ObjectNode> todos = todos(client());
        ObjectNode d = serverItem("d", "fourth", false, "MQ==", T3);
        ObjectNode e = serverItem("e", "fifth", false, "MQ==", T4);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(c, d))));
        server.stubFor(page(after(T3, "d")).willReturn(jsonAnswer(200, array(e))));
        List<String> reported = new CopyOnWriteArrayList<>();

        // The first page's progress call holds the pulling thread until the two pages after it were fetched ahead,
        // so the next commit takes both.
        done(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2).withProgress(progress -> {
            reported.add(progress.pages() + ": " + progress.received());
            if (progress.pages() == 1) {
                awaitRequests(3);
            }
        })));

        assertEquals(List.of("1: 2", "2: 4", "3: 5"), reported);
        assertEquals(List.of("a", "b", "c", "d", "e"), ids(todos));
    }

    /** Waits until the server answered this many requests, and a moment more for the last answer to be read. */
    private void awaitRequests(int count) {
        try {
            for (int wait = 0; wait < 500 && server.getAllServeEvents().size() < count; wait++) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the prefetched pages", interrupted);
        }
    }

    @Test
    void theDefaultPageSizeIsTheServersMaximumOf1000() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a))));

        done(todos.pull(Query.all(), null));

        server.verify(1, pageRequested(null, 1000));
        assertEquals(List.of("a"), ids(todos));
    }

    @Test
    void withAQueryIdTheNextPullStartsAfterTheLastRowOfTheLastPull() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(c))));

        done(todos.pull(Query.all(), "all-todos"));
        PullResult second = done(todos.pull(Query.all(), "all-todos"));

        server.verify(1, pageRequested(null, 1000));
        server.verify(1, pageRequested(after(T2, "b"), 1000));
        assertEquals(2, requestsInOrder().size());
        assertEquals(1, second.received());
        assertEquals(List.of("a", "b", "c"), ids(todos));
    }

    @Test
    void withoutAQueryIdEveryPullReadsTheWholeQueryAndUnchangedRowsAreNotRewritten() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));

        done(todos.pull(Query.all(), null));
        PullResult second = done(todos.pull(Query.all(), null));

        server.verify(2, pageRequested(null, 1000));
        assertEquals(new PullResult(TABLE, 1, 2, 0, 0, 2, 0), second);
        assertEquals(List.of("a", "b"), ids(todos));
    }

    @Test
    void theUsersFilterIsSentAndAndedWithTheCursor() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        String open = "complete eq false";
        server.stubFor(page(open).willReturn(jsonAnswer(200, array(a))));
        server.stubFor(page("(" + open + ") and (" + after(T1, "a") + ")").willReturn(jsonAnswer(200, "[]")));

        done(todos.pull(Query.all().where(Filter.eq("complete", false)), "open",
                PullOptions.defaults().withPageSize(1)));

        server.verify(1, pageRequested(open, 1));
        server.verify(1, pageRequested("(complete eq false) and ((updatedAt gt datetimeoffset'" + T1 + "') or"
                + " ((updatedAt eq datetimeoffset'" + T1 + "') and (id gt 'a')))", 1));
        assertEquals(2, requestsInOrder().size());
        assertEquals(List.of("a"), ids(todos));
    }

    @Test
    void rowsTheServerDeletedAreRemovedLocally() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, a, b);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(deleted(serverItem("a", "first", false, "Mg==",
                T3)), deleted(serverItem("z", "never seen", false, "Mg==", T4))))));

        PullResult result = done(todos.pull(Query.all(), null));

        assertEquals(1, result.deleted());
        assertEquals(2, result.received());
        assertEquals(List.of("b"), ids(todos));
        assertQueue(client);
    }

    @Test
    void aPullPushesPendingOperationsFirst() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, serverItem("n", "new", false, "MQ==",
                T3))));
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, serverItem("n", "new", false, "MQ==", T3)))));
        todos.insert(todo("n", "new", false));

        PullResult result = done(todos.pull(Query.all(), null));

        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem"), requestLines());
        assertEquals(1, result.unchanged());
        assertEquals(List.of("a", "n"), ids(todos));
        assertEquals("MQ==", field(todos, "n", "version"));
        assertQueue(client);
    }

    @Test
    void anAbortedPushFailsThePullAndNothingIsPulled() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(401, error("token expired"))));
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a))));
        todos.insert(todo("n", "new", false));

        PushFailedException failure = failure(todos.pull(Query.all(), null), PushFailedException.class);

        assertEquals(PushResult.AbortReason.AUTHENTICATION, failure.result().abortReason());
        assertEquals(List.of("POST /tables/TodoItem"), requestLines());
        assertEquals(List.of("n"), ids(todos));
        assertEquals("null", field(todos, "n", "version"));
        assertQueue(client, OperationKind.INSERT, "n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bare array", "results and count"})
    void bothListShapesOfTheServerAreRead(String shape) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        String items = array(a, b);
        String body = shape.equals("bare array") ? items : "{\"results\":" + items + ",\"count\":2}";
        server.stubFor(page(null).willReturn(jsonAnswer(200, body)));

        PullResult result = done(todos.pull(Query.all(), null));

        assertEquals(1, result.requests());
        assertEquals(2, result.upserted());
        assertEquals(List.of("a", "b"), ids(todos));
        assertEquals("second", field(todos, "b", "text"));
    }

    @Test
    void datesWithFewerFractionDigitsAreReadAndTheCursorIsSentWithMilliseconds() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(
                serverItem("a", "x", false, "MQ==", "2026-11-23T23:05:13Z"),
                serverItem("b", "y", false, "MQ==", "2026-11-23T23:05:13.3Z")))));
        server.stubFor(page(after("2026-11-23T23:05:13.300Z", "b")).willReturn(jsonAnswer(200, "[]")));

        done(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2)));

        server.verify(1, pageRequested(after("2026-11-23T23:05:13.300Z", "b"), 2));
        assertEquals("2026-11-23T23:05:13.000Z", field(todos, "a", "updatedAt"));
        assertFalse(todos.lookup("b").isEmpty());
    }

    static List<String> ids(SyncTable<ObjectNode> table) {
        return table.read(Query.all().orderBy("id")).items().stream().map(item -> item.get("id").asText()).toList();
    }
}

package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.Filter;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The list exchanges of the Datasync 3.0.0 dialect: {@code {items, count, nextLink}} pages, OData v4 filters with
 * {@code cast(…,Edm.DateTimeOffset)}, and a cursor that loses nothing on servers that keep updatedAt more precisely
 * than the milliseconds they send.
 */
class DatasyncPullProtocolTest extends DatasyncTestBase {

    private static final String ORDER = "$orderby=updatedAt,id";
    private static final String DELETED = "__includedeleted=true";

    /** A list request with this $filter (or none). */
    private static MappingBuilder list(String filter) {
        return get(urlPathEqualTo(DS_PATH)).withQueryParam("$filter", filter == null ? absent() : equalTo(filter));
    }

    private static List<String> localIds(SyncTable<ObjectNode> table) {
        return table.read(Query.all().orderBy("id")).items().stream().map(i -> i.get("id").asText()).toList();
    }

    @Test
    void aFirstPullAsksForEverythingInOrderAndANullNextLinkEndsItWithoutAnotherRequest() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(items(null, entity("a1", "milk", false, V1, U1),
                entity("b2", "eggs", true, V2, U2))));

        PullResult result = done(todos.pull(Query.all(), null));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size());
        assertRequest(requests.get(0), "GET", DS_PATH + "?" + ORDER + "&$top=1000&" + DELETED, null, null);
        assertEquals("3.0.0", header(requests.get(0), "ZUMO-API-VERSION"));
        assertEquals(2, result.received());
        assertEquals(List.of("a1", "b2"), localIds(todos));
        assertEquals(V2, field(todos, "b2", "version"));
        assertEquals(U2, field(todos, "b2", "updatedAt"));
        assertEquals("null", field(todos, "b2", "createdAt"));
    }

    /** Both forms of nextLink: the CommunityToolkit server's query string and the 6.x server's absolute URL. */
    @ParameterizedTest
    @ValueSource(strings = {"%24orderby=updatedAt%2Cid&%24top=998&__includedeleted=true&%24skip=2",
        "http://localhost/tables/todoitem?$orderby=updatedAt,id&__includedeleted=true&$skip=2&$top=998"})
    void aNextLinkOnlySaysThereIsMoreAndTheNextPageStartsAtTheLastMillisecondAgain(String nextLink) {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        ObjectNode b2 = entity("b2", "eggs", true, V2, U2);
        server.stubFor(list(null).willReturn(items(nextLink, entity("a1", "milk", false, V1, U1), b2)));
        server.stubFor(list("updatedAt ge " + cast(U2)).willReturn(items(null, b2,
                entity("c3", "bread", false, V3, U3))));

        PullResult result = done(todos.pull(Query.all(), "all"));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(2, requests.size());
        assertRequest(requests.get(1), "GET", DS_PATH + "?$filter=updatedAt ge " + cast(U2) + "&" + ORDER
                + "&$top=1000&" + DELETED, null, null);
        assertEquals(3, result.received(), "b2, read again unchanged, is not news");
        assertEquals(List.of("a1", "b2", "c3"), localIds(todos));
    }

    @Test
    void theNextPullStartsAtTheMillisecondOfTheLastRowWithinTheUsersFilter() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        Query open = Query.all().where(Filter.eq("complete", false).and(Filter.contains("text", "mi")));
        server.stubFor(list("(complete eq false) and (contains(text,'mi'))")
                .willReturn(items(null, entity("a1", "milk", false, V1, U1))));
        server.stubFor(list("((complete eq false) and (contains(text,'mi'))) and (updatedAt ge " + cast(U1) + ")")
                .willReturn(items(null, entity("a1", "milk", false, V1, U1))));

        done(todos.pull(open, "open"));
        PullResult second = done(todos.pull(open, "open"));

        assertEquals(2, requestsInOrder().size());
        assertEquals(1, second.unchanged(), "a1 is read again and left as it is");
        assertEquals(0, second.upserted());
        assertEquals(List.of("a1"), localIds(todos));
    }

    @Test
    void countingTheTotalAsksWithCountTrueOnTheFirstRequest() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(items(null, entity("a1", "milk", false, V1, U1))));

        done(todos.pull(Query.all(), null, PullOptions.defaults().withCountTotal(true).withPageSize(50)));

        assertRequest(requestsInOrder().get(0), "GET", DS_PATH + "?" + ORDER + "&$top=50&$count=true&" + DELETED,
                null, null);
    }

    /**
     * SQL Server keeps updatedAt in 100 ns steps and sends milliseconds: c3, a1 and b2 all show U1, and the server
     * orders them by the hidden remainder (c3 first, then a1, then b2). A keyset cursor after (U1, a1) would ask for
     * {@code updatedAt gt U1 or (updatedAt eq U1 and id gt 'a1')}: {@code gt} matches all three again and {@code eq}
     * none, so the answer starts with c3 and a1 again and b2 is never reached. A page filled by one millisecond is
     * read again inside that millisecond, by id.
     */
    @Test
    void aMillisecondThatFillsAPageIsReadInsideTheMillisecondByIdAndNothingOfItIsLost() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        ObjectNode a1 = entity("a1", "milk", false, V1, U1);
        ObjectNode b2 = entity("b2", "eggs", false, V2, U1);
        ObjectNode c3 = entity("c3", "bread", false, V3, U1);
        String bucket = "(updatedAt ge " + cast(U1) + ") and (updatedAt lt " + cast(U1_NEXT_MS) + ")";
        server.stubFor(list(null).willReturn(items("%24skip=2", c3, a1)));
        server.stubFor(list(bucket + " and (id gt '')").willReturn(items("%24skip=2", a1, b2)));
        server.stubFor(list(bucket + " and (id gt 'b2')").willReturn(items(null, c3)));
        server.stubFor(list("updatedAt ge " + cast(U1_NEXT_MS)).willReturn(items(null,
                entity("d4", "tea", false, V4, U2))));

        PullResult result = done(todos.pull(Query.all(), "all", PullOptions.defaults().withPageSize(2)));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(4, requests.size());
        assertRequest(requests.get(0), "GET", DS_PATH + "?" + ORDER + "&$top=2&" + DELETED, null, null);
        assertRequest(requests.get(1), "GET", DS_PATH + "?$filter=" + bucket + " and (id gt '')&$orderby=id&$top=2&"
                + DELETED, null, null);
        assertRequest(requests.get(2), "GET", DS_PATH + "?$filter=" + bucket + " and (id gt 'b2')&$orderby=id"
                + "&$top=2&" + DELETED, null, null);
        assertRequest(requests.get(3), "GET", DS_PATH + "?$filter=updatedAt ge " + cast(U1_NEXT_MS) + "&" + ORDER
                + "&$top=2&" + DELETED, null, null);
        assertEquals(List.of("a1", "b2", "c3", "d4"), localIds(todos));
        assertEquals(4, result.received(), "rows read twice count once");
    }

    /**
     * A page of nothing but rows the pull already has (the last millisecond read again) does not end the pull while
     * the server says there is more: it reads that millisecond by id, then goes on after it.
     */
    @Test
    void aPageOfOnlyRowsReadAgainDoesNotEndThePullWhileTheServerHasMore() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        ObjectNode b2 = entity("b2", "eggs", false, V2, U2);
        String afterU2 = "2024-08-23T20:25:01.008Z";
        String bucket = "(updatedAt ge " + cast(U2) + ") and (updatedAt lt " + cast(afterU2) + ")";
        server.stubFor(list(null).willReturn(items("%24skip=2", entity("a1", "milk", false, V1, U1), b2)));
        server.stubFor(list("updatedAt ge " + cast(U2)).willReturn(items("%24skip=3", b2)));
        server.stubFor(list(bucket + " and (id gt '')").willReturn(items(null)));
        server.stubFor(list("updatedAt ge " + cast(afterU2)).willReturn(items(null,
                entity("c3", "bread", false, V3, U3))));

        PullResult result = done(todos.pull(Query.all(), "all"));

        assertEquals(4, requestsInOrder().size());
        assertEquals(List.of("a1", "b2", "c3"), localIds(todos));
        assertEquals(3, result.received(), "the row read again counts once");
    }

    @Test
    void aPageWhoseMillisecondsGoBackIsRefusedAndNothingOfItIsApplied() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(items(null, entity("b2", "eggs", false, V2, U2),
                entity("a1", "milk", false, V1, U1))));

        ProtocolException e = failure(todos.pull(Query.all(), null), ProtocolException.class);

        assertTrue(e.getMessage().contains("out of updatedAt order"), e.getMessage());
        assertTrue(localIds(todos).isEmpty());
    }

    @Test
    void aBucketPageWhoseIdsGoBackIsRefused() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        String bucket = "(updatedAt ge " + cast(U1) + ") and (updatedAt lt " + cast(U1_NEXT_MS) + ")";
        server.stubFor(list(null).willReturn(items("%24skip=2", entity("c3", "bread", false, V3, U1),
                entity("a1", "milk", false, V1, U1))));
        server.stubFor(list(bucket + " and (id gt '')").willReturn(items(null, entity("b2", "eggs", false, V2, U1),
                entity("a1", "milk", false, V1, U1))));

        ProtocolException e = failure(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2)),
                ProtocolException.class);

        assertTrue(e.getMessage().contains("out of id order"), e.getMessage());
        assertEquals(List.of("a1", "c3"), localIds(todos));
    }

    /** A nextLink that is an object is refused whole, not read as if its members were the page's own. */
    @Test
    void aNextLinkThatIsNotAStringIsRefusedAndNothingIsApplied() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(jsonAnswer(200, "{\"items\":[" + entity("a1", "milk", false, V1, U1)
                + "],\"nextLink\":{\"items\":[]}}")));

        ProtocolException e = failure(todos.pull(Query.all(), null), ProtocolException.class);

        assertTrue(e.getMessage().contains("nextLink"), e.getMessage());
        assertEquals(List.of(), localIds(todos));
    }

    @Test
    void aBareArrayIsNotADatasyncPage() {
        SyncClient client = datasyncClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(jsonAnswer(200, array(entity("a1", "milk", false, V1, U1)))));

        ProtocolException e = failure(todos.pull(Query.all(), null), ProtocolException.class);

        assertTrue(e.getMessage().contains("not a JSON list of items"), e.getMessage());
    }
}

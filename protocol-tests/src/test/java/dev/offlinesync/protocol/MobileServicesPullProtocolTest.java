package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.offlinesync.Filter;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list exchanges of the Mobile Services 2014 dialect: only the query parameters the runtime accepts, system
 * columns asked with {@code __systemproperties} and kept under their local names, no next-page signal.
 */
class MobileServicesPullProtocolTest extends MobileServicesTestBase {

    private static final String ORDER = "$orderby=__updatedAt asc,id asc";
    private static final String TAIL = "__includeDeleted=true&__systemproperties=*";

    private static MappingBuilder list(String filter) {
        return get(urlPathEqualTo(MS_PATH)).withQueryParam("$filter", filter == null ? absent() : equalTo(filter));
    }

    private static List<String> localIds(SyncTable<ObjectNode> table) {
        return table.read(Query.all().orderBy("id")).items().stream().map(i -> i.get("id").asText()).toList();
    }

    @Test
    void aPullAsksOnlyForParametersTheRuntimeAcceptsAndKeepsSystemColumnsUnderLocalNames() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(answer(200, array(row("a1", "milk", false, V1, C1),
                row("b2", "eggs", true, V2, U2)))));

        PullResult result = done(todos.pull(Query.all(), null));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(1, requests.size(), "a short page ends the pull");
        assertRequest(requests.get(0), "GET", MS_PATH + "?" + ORDER + "&$top=1000&" + TAIL, null, null);
        assertEquals(KEY, header(requests.get(0), "X-ZUMO-APPLICATION"));
        assertNull(header(requests.get(0), "ZUMO-API-VERSION"));
        assertEquals(2, result.received());
        assertEquals(V2, field(todos, "b2", "version"));
        assertEquals(U2, field(todos, "b2", "updatedAt"));
        assertEquals(C1, field(todos, "b2", "createdAt"));
        assertFalse(todos.lookup("b2").orElseThrow().has("__updatedAt"));
    }

    @Test
    void aFullPageIsFollowedFromItsLastMillisecondAndADeletedRowIsRemovedLocally() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        ObjectNode b2 = row("b2", "eggs", true, V2, U2);
        Query open = Query.all().where(Filter.eq("complete", true).or(Filter.contains("text", "g")));
        String user = "(complete eq true) or (substringof('g',text))";
        server.stubFor(list(user).willReturn(answer(200, array(row("a1", "milk", true, V1, C1), b2))));
        server.stubFor(list("(" + user + ") and (__updatedAt ge " + literal(U2) + ")").willReturn(answer(200,
                array(b2, row("a1", "milk", true, V3, U3).put("__deleted", true)))));
        server.stubFor(list("(" + user + ") and (__updatedAt ge " + literal(U3) + ")").willReturn(answer(200, "[]")));

        PullResult result = done(todos.pull(open, "done", PullOptions.defaults().withPageSize(2)));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(3, requests.size(), "full pages are followed until a short one");
        assertRequest(requests.get(0), "GET", MS_PATH + "?$filter=" + user + "&" + ORDER + "&$top=2&" + TAIL,
                null, null);
        assertRequest(requests.get(1), "GET", MS_PATH + "?$filter=(" + user + ") and (__updatedAt ge "
                + literal(U2) + ")&" + ORDER + "&$top=2&" + TAIL, null, null);
        assertEquals(List.of("b2"), localIds(todos));
        assertEquals(1, result.deleted());
    }

    @Test
    void countingTheTotalAsksWithInlinecount() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(answer(200, "{\"results\":" + array(row("a1", "milk", false, V1, C1))
                + ",\"count\":1}")));

        PullResult result = done(todos.pull(Query.all(), null, PullOptions.defaults().withCountTotal(true)));

        assertRequest(requestsInOrder().get(0), "GET", MS_PATH + "?" + ORDER + "&$top=1000&$inlinecount=allpages&"
                + TAIL, null, null);
        assertEquals(1, result.received());
    }

    @Test
    void aMillisecondThatFillsAPageIsReadInsideTheMillisecondById() {
        SyncClient client = mobileServicesClient();
        SyncTable<ObjectNode> todos = todoitems(client);
        String bucket = "(__updatedAt ge " + literal(C1) + ") and (__updatedAt lt " + literal(C1_NEXT_MS) + ")";
        server.stubFor(list(null).willReturn(answer(200, array(row("c3", "tea", false, V3, C1),
                row("a1", "milk", false, V1, C1)))));
        server.stubFor(list(bucket + " and (id gt '')").willReturn(answer(200, array(row("a1", "milk", false, V1, C1),
                row("b2", "eggs", false, V2, C1)))));
        server.stubFor(list(bucket + " and (id gt 'b2')").willReturn(answer(200, array(row("c3", "tea", false, V3,
                C1)))));
        server.stubFor(list("__updatedAt ge " + literal(C1_NEXT_MS)).willReturn(answer(200, "[]")));

        PullResult result = done(todos.pull(Query.all(), null, PullOptions.defaults().withPageSize(2)));

        List<LoggedRequest> requests = requestsInOrder();
        assertEquals(4, requests.size(), requestLines().toString());
        assertRequest(requests.get(1), "GET", MS_PATH + "?$filter=" + bucket + " and (id gt '')&$orderby=id asc"
                + "&$top=2&" + TAIL, null, null);
        assertEquals(List.of("a1", "b2", "c3"), localIds(todos));
        assertEquals(3, result.received());
    }

    @Test
    void withoutAnApplicationKeyNoKeyHeaderIsSent() {
        SyncClient client = client(b -> b.dialect(dev.offlinesync.ProtocolDialect.MOBILE_SERVICES));
        SyncTable<ObjectNode> todos = todoitems(client);
        server.stubFor(list(null).willReturn(answer(200, "[]")));

        done(todos.pull(Query.all(), null));

        assertTrue(requestsInOrder().stream().noneMatch(r -> r.containsHeader("X-ZUMO-APPLICATION")));
    }
}

package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** List requests: filters, ordering, paging, counts, deleted rows and the keyset cursor a sync client uses. */
class ListQueryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private FakeTableService service;
    private ZumoHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.builder().clock(new TickingClock(T0)).start().defineTable("TodoItem");
        http = new ZumoHttp(service.uri());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private void insert(int count) {
        for (int i = 0; i < count; i++) {
            service.insertDirect("TodoItem", object(String.format("{\"id\":\"id-%03d\",\"n\":%d}", i, i)));
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private List<String> listIds(String query) {
        HttpResponse<String> response = http.get("/tables/TodoItem?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return ids(json(response));
    }

    @Test
    void listWithoutTopAnswersTheDefaultPageOf50InInsertionOrder() {
        insert(60);

        HttpResponse<String> response = http.get("/tables/TodoItem");

        assertEquals(200, response.statusCode());
        List<String> ids = ids(json(response));
        assertEquals(50, ids.size());
        assertEquals("id-000", ids.get(0));
        assertEquals("id-049", ids.get(49));
        assertTrue(response.headers().firstValue("ETag").orElseThrow().startsWith("W/\""));
        assertEquals("http://127.0.0.1/?%24top=50&%24skip=50; rel=next", response.headers().firstValue("Link")
                .orElseThrow(), "a full page has the server's Link header: no port, no table path");
    }

    @Test
    void aCappedPageSizeAnswersAShortPageWithALinkHeaderUntilTheLastPage() {
        try (FakeTableService capped = FakeTableService.builder().maxPageSize(3).start()) {
            capped.defineTable("T");
            for (int i = 0; i < 5; i++) {
                capped.insertDirect("T", object("{}"));
            }
            ZumoHttp client = new ZumoHttp(capped.uri());

            HttpResponse<String> first = client.get("/tables/T?$top=10");
            HttpResponse<String> last = client.get("/tables/T?$top=10&$skip=3");

            assertEquals(3, json(first).size());
            assertEquals("http://127.0.0.1/?%24top=3&%24skip=3; rel=next", first.headers().firstValue("Link")
                    .orElseThrow());
            assertEquals(2, json(last).size());
            assertTrue(last.headers().firstValue("Link").isEmpty(), "the last page has no Link header");
        }
    }

    @Test
    void pageSizeAndMaxTopAreConfigurable() {
        try (FakeTableService small = FakeTableService.builder().defaultPageSize(3).maxTop(5).start()) {
            small.defineTable("T");
            for (int i = 0; i < 8; i++) {
                small.insertDirect("T", object("{}"));
            }
            ZumoHttp client = new ZumoHttp(small.uri());

            assertEquals(3, json(client.get("/tables/T")).size());
            assertEquals(5, json(client.get("/tables/T?$top=5")).size());
            HttpResponse<String> tooMany = client.get("/tables/T?$top=6");
            assertEquals(400, tooMany.statusCode());
            assertEquals("{\"error\":\"You cannot request more than 5 records\"}", tooMany.body());
        }
    }

    @Test
    void topAboveOneThousandIs400WithTheServersMessage() {
        HttpResponse<String> response = http.get("/tables/TodoItem?$top=1001");

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"You cannot request more than 1000 records\"}", response.body());
        assertEquals(200, http.get("/tables/TodoItem?$top=1000").statusCode());
    }

    @Test
    void malformedTopOrSkipIs400() {
        assertEquals(400, http.get("/tables/TodoItem?$top=abc").statusCode());
        assertEquals(400, http.get("/tables/TodoItem?$top=-1").statusCode());
        assertEquals(400, http.get("/tables/TodoItem?$skip=x").statusCode());
    }

    @Test
    void topAndSkipPageThroughTheOrderedRows() {
        insert(7);

        assertEquals(List.of("id-006", "id-005", "id-004"), listIds("$orderby=id%20desc&$top=3"));
        assertEquals(List.of("id-003", "id-002", "id-001"), listIds("$orderby=id%20desc&$top=3&$skip=3"));
        assertEquals(List.of("id-000"), listIds("$orderby=id%20desc&$top=3&$skip=6"));
        assertEquals(List.of(), listIds("$orderby=id%20desc&$top=3&$skip=9"));
        assertEquals(List.of(), listIds("$top=0"));
    }

    @Test
    void inlineCountWrapsResultsWithTheCountOfAllMatchingRows() {
        insert(5);

        JsonNode body = json(http.get("/tables/TodoItem?$inlinecount=allpages&$top=1&$orderby=id&$filter="
                + enc("n ge 1")));

        assertEquals(4, body.get("count").asLong());
        assertEquals(List.of("id-001"), ids(body.get("results")));
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("results", "count"), names);
    }

    @Test
    void countTrueIsIgnoredAndTheBodyStaysABareArray() {
        insert(2);

        JsonNode body = json(http.get("/tables/TodoItem?$count=true&$top=1&$orderby=id"));

        assertTrue(body.isArray());
        assertEquals(1, body.size());
    }

    @Test
    void deletedRowsAreListedOnlyWithIncludeDeletedInItsExactCase() {
        insert(3);
        service.deleteDirect("TodoItem", "id-001");

        assertEquals(List.of("id-000", "id-002"), listIds(""));
        assertEquals(List.of("id-000", "id-001", "id-002"), listIds("__includeDeleted=true"));
        assertEquals(List.of("id-000", "id-002"), listIds("__includedeleted=true"));
        assertEquals(List.of("id-001"), listIds("__includeDeleted=true&$filter=" + enc("id eq 'id-001'")));
        assertEquals(List.of("id-001"), listIds("__includeDeleted=true&$filter=" + enc("deleted eq true")));
    }

    @Test
    void orderByTakesSeveralKeysWithAscAndDesc() {
        service.insertDirect("TodoItem", object(j("{'id':'a','prio':2,'text':'x'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b','prio':1,'text':'y'}")));
        service.insertDirect("TodoItem", object(j("{'id':'c','prio':2,'text':'z'}")));
        service.insertDirect("TodoItem", object(j("{'id':'d','text':'w'}")));

        assertEquals(List.of("c", "a", "b", "d"), listIds("$orderby=" + enc("prio desc, text desc")));
        assertEquals(List.of("d", "b", "a", "c"), listIds("$orderby=prio,id"));
        assertEquals(500, http.get("/tables/TodoItem?$orderby=" + enc("prio sideways")).statusCode());
    }

    @Test
    void selectProjectsTheListedColumns() {
        service.insertDirect("TodoItem", object(j("{'id':'a','text':'x','complete':true}")));

        JsonNode item = json(http.get("/tables/TodoItem?$select=id,text")).get(0);

        assertEquals(object(j("{'id':'a','text':'x'}")), item);
    }

    @Test
    void filterComparesStringsNumbersBooleansAndNulls() {
        service.insertDirect("TodoItem", object(j("{'id':'a','text':'apple','n':1,'price':1.5,'complete':true}")));
        service.insertDirect("TodoItem", object(j("{'id':'b','text':'banana','n':2,'price':2.5,'complete':false}")));
        service.insertDirect("TodoItem", object(j("{'id':'c','n':3}")));

        assertEquals(List.of("a"), listIds("$filter=" + enc("text eq 'apple'")));
        assertEquals(List.of("b", "c"), listIds("$filter=" + enc("n gt 1")));
        assertEquals(List.of("b"), listIds("$filter=" + enc("price ge 2.0 and price lt 3")));
        assertEquals(List.of("a"), listIds("$filter=" + enc("complete")));
        assertEquals(List.of("b"), listIds("$filter=" + enc("complete eq false")));
        assertEquals(List.of("c"), listIds("$filter=" + enc("text eq null")));
        assertEquals(List.of("a", "b"), listIds("$filter=" + enc("text ne null")));
        assertEquals(List.of("b"), listIds("$filter=" + enc("not (text eq 'apple') and text ne null")));
    }

    @Test
    void stringFunctionsWorkUnlikeOnTheRealServersSqliteProvider() {
        service.insertDirect("TodoItem", object(j("{'id':'a','text':'Buy milk'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b','text':'Sell milk'}")));

        assertEquals(List.of("a"), listIds("$filter=" + enc("startswith(text,'Buy')")));
        assertEquals(List.of("a", "b"), listIds("$filter=" + enc("endswith(text,'milk')")));
        assertEquals(List.of("b"), listIds("$filter=" + enc("substringof('ell', text) eq true")));
        assertEquals(List.of(), listIds("$filter=" + enc("startswith(text,'buy')")));
    }

    @Test
    void filterThatDoesNotParseIs500WithJsonError() {
        HttpResponse<String> incomplete = http.get("/tables/TodoItem?$filter=" + enc("text eq"));
        HttpResponse<String> v4 = http.get("/tables/TodoItem?$filter=" + enc("contains(text,'x')"));

        assertEquals(500, incomplete.statusCode());
        assertEquals("{\"error\":\"Expression expected (at index 7)\"}", incomplete.body());
        assertEquals(500, v4.statusCode());
        assertTrue(json(v4).get("error").asText().contains("contains"));
    }

    @Test
    void unknownColumnsOfOtherRowsAreListedAsNull() {
        service.insertDirect("TodoItem", object(j("{'id':'a','text':'x'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b','priority':3}")));

        JsonNode items = json(http.get("/tables/TodoItem"));

        assertTrue(items.get(0).has("priority") && items.get(0).get("priority").isNull(), items.toString());
        assertTrue(items.get(1).get("text").isNull(), items.toString());
    }

    @Test
    void dateLiteralsCompareWithSystemAndUserDateColumns() {
        service.insertDirect("TodoItem", object(j("{'id':'a','due':'2026-03-01T10:00:00.000Z'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b','due':'2026-05-01T10:00:00.000Z'}")));
        service.insertDirect("TodoItem", object(j("{'id':'c','due':'not a date'}")));

        assertEquals(List.of("b"), listIds("$filter=" + enc("due gt datetimeoffset'2026-04-01T00:00:00.000Z'")));
        assertEquals(List.of("a"), listIds("$filter=" + enc("due lt datetime'2026-04-01T00:00:00'")));
        assertEquals(List.of("b", "c"), listIds("$filter=" + enc("createdAt gt datetimeoffset'"
                + service.item("TodoItem", "a").orElseThrow().get("createdAt").asText() + "'")));
    }

    @Test
    void keysetFilterOfTheFixtureListsByUpdatedAtThenId() {
        insert(3);
        service.setUpdatedAt("TodoItem", List.of("id-002"), T0.minusSeconds(1));

        String filter = "(updatedAt gt datetimeoffset'2000-01-01T00:00:00.000Z') or "
                + "(updatedAt eq datetimeoffset'2000-01-01T00:00:00.000Z' and id gt '')";

        assertEquals(List.of("id-002", "id-000"),
                listIds("$filter=" + enc(filter) + "&$orderby=updatedAt,id&$top=2&__includeDeleted=true"));
    }

    @Test
    void keysetFilterPagesWithoutLossOnEqualTimestamps() {
        insert(23);
        service.deleteDirect("TodoItem", "id-004");
        // three groups of rows that share a timestamp, bigger than a page, in an order unlike the ids'
        service.setUpdatedAt("TodoItem", List.of("id-010", "id-003", "id-020", "id-007", "id-015", "id-001"),
                T0.plusSeconds(10));
        service.setUpdatedAt("TodoItem", List.of("id-022", "id-000", "id-011", "id-004", "id-012"), T0.plusSeconds(5));
        service.setUpdatedAt("TodoItem", List.of("id-019", "id-018"), T0.plusSeconds(20));
        List<ObjectNode> expected = new ArrayList<>(service.items("TodoItem", true));
        expected.sort(Comparator.comparing((ObjectNode item) -> item.get("updatedAt").asText())
                .thenComparing(item -> item.get("id").asText()));

        List<String> pulled = new ArrayList<>();
        String cursorTime = "1970-01-01T00:00:00.000Z";
        String cursorId = "";
        int requests = 0;
        while (true) {
            String filter = "(updatedAt gt datetimeoffset'" + cursorTime + "') or (updatedAt eq datetimeoffset'"
                    + cursorTime + "' and id gt '" + cursorId.replace("'", "''") + "')";
            JsonNode page = json(http.get("/tables/TodoItem?$filter=" + enc(filter)
                    + "&$orderby=updatedAt,id&$top=4&__includeDeleted=true"));
            requests++;
            page.forEach(item -> pulled.add(item.get("id").asText()));
            if (page.size() < 4) {
                break;
            }
            JsonNode last = page.get(page.size() - 1);
            cursorTime = last.get("updatedAt").asText();
            cursorId = last.get("id").asText();
        }

        assertEquals(expected.stream().map(item -> item.get("id").asText()).toList(), pulled);
        assertEquals(6, requests);
    }
}

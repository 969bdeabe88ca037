package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offlinesync.ProtocolDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** List requests on the Datasync dialect: {@code {items, count, nextLink}}, paging, OData v4 filters. */
class DatasyncListTest {

    private static final Instant T0 = Instant.parse("2024-08-23T20:22:54.291Z");
    private static final String DELTA = "$filter=" + enc("(updatedAt gt cast(2024-08-23T20:22:54.291Z,Edm.DateTimeOffset))")
            + "&$orderby=updatedAt&$count=true&__includedeleted=true";

    private FakeTableService service;
    private RawHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.builder().dialect(ProtocolDialect.DATASYNC)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).start().defineTable("todoitem");
        http = new RawHttp(service.uri(), Map.of("ZUMO-API-VERSION", "3.0.0"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    /** {@code count} rows {@code r000, r001, ...} written one millisecond after T0. */
    private void rowsAfterT0(int count) {
        service.insertDirect("todoitem", object(j("{'id':'at-t0','text':'not newer'}")));
        service.setClock(Clock.fixed(T0.plusMillis(1), ZoneOffset.UTC));
        for (int i = 0; i < count; i++) {
            service.insertDirect("todoitem", object(j("{'id':'r" + String.format("%03d", i) + "'}")));
        }
    }

    @Test
    void aDeltaPullFollowsNextLinkQueryStringsUntilNull() {
        rowsAfterT0(250);

        HttpResponse<String> first = http.get("/tables/todoitem?" + DELTA);
        JsonNode page1 = json(first);
        JsonNode page2 = json(http.get("/tables/todoitem?" + page1.get("nextLink").asText()));
        JsonNode page3 = json(http.get("/tables/todoitem?" + page2.get("nextLink").asText()));

        assertEquals(200, first.statusCode());
        assertEquals(100, page1.get("items").size());
        assertEquals(250, page1.get("count").asLong());
        assertEquals("%24filter=%28updatedAt%20gt%20cast%282024-08-23T20%3A22%3A54.291Z%2CEdm.DateTimeOffset%29%29"
                + "&%24orderby=updatedAt&%24count=true&__includedeleted=true&%24skip=100",
                page1.get("nextLink").asText());
        assertTrue(page2.get("nextLink").asText().endsWith("&%24skip=200"), page2.toString());
        assertEquals(50, page3.get("items").size());
        assertTrue(page3.get("nextLink").isNull());
        assertEquals("r000", page1.get("items").get(0).get("id").asText());
        assertEquals("r249", page3.get("items").get(49).get("id").asText());
    }

    @Test
    void withoutCountTheCountIsNullAndTopIsReplacedInPlaceWithSkipAppended() {
        rowsAfterT0(200);

        JsonNode topped = json(http.get("/tables/todoitem?$top=125"));
        JsonNode plain = json(http.get("/tables/todoitem"));
        JsonNode last = json(http.get("/tables/todoitem?" + topped.get("nextLink").asText()));

        assertEquals(100, topped.get("items").size());
        assertTrue(topped.get("count").isNull());
        assertEquals("%24top=25&%24skip=100", topped.get("nextLink").asText());
        assertEquals("%24skip=100", plain.get("nextLink").asText());
        assertEquals(25, last.get("items").size());
        assertTrue(last.get("nextLink").isNull(), "T-n <= 0 ends the pages: " + last.get("nextLink"));
    }

    @Test
    void badQueriesAre400WithAJsonStringAndV3LiteralsAreBadQueries() {
        HttpResponse<String> tooMany = http.get("/tables/todoitem?$top=200000");
        HttpResponse<String> v3 = http.get("/tables/todoitem?$filter="
                + enc("updatedAt gt datetimeoffset'2024-08-23T20:22:54.291Z'"));
        HttpResponse<String> negativeSkip = http.get("/tables/todoitem?$skip=-1");
        HttpResponse<String> badOrder = http.get("/tables/todoitem?$orderby=" + enc("text fizz"));

        for (HttpResponse<String> response : List.of(tooMany, v3, negativeSkip, badOrder)) {
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(json(response).isTextual(), response.body());
        }
    }

    @Test
    void bareAndCastDateLiteralsCompareAndMemberNamesIgnoreCase() {
        rowsAfterT0(3);

        JsonNode bare = json(http.get("/tables/todoitem?$filter=" + enc("UpdatedAt gt 2024-08-23T20:22:54.291Z")));
        JsonNode cast = json(http.get("/tables/todoitem?$filter="
                + enc("updatedAt ge cast(2024-08-23T20:22:54.291Z,Edm.DateTimeOffset)") + "&$count=true"));
        JsonNode keyset = json(http.get("/tables/todoitem?$orderby=updatedAt,id&$filter=" + enc(
                "(updatedAt gt 2024-08-23T20:22:54.292Z) or (updatedAt eq 2024-08-23T20:22:54.292Z and id gt 'r000')")));

        assertEquals(3, bare.get("items").size());
        assertEquals(4, cast.get("count").asLong());
        assertEquals(List.of("r001", "r002"), ids(keyset));
    }

    @Test
    void orderAlwaysEndsWithIdAndDeletedRowsNeedIncludeDeleted() {
        for (String id : List.of("c", "a", "b")) {
            service.insertDirect("todoitem", object(j("{'id':'" + id + "','rank':1}")));
        }
        service.deleteDirect("todoitem", "b");

        JsonNode live = json(http.get("/tables/todoitem?$orderby=rank%20desc"));
        JsonNode all = json(http.get("/tables/todoitem?__INCLUDEDELETED=True"));

        assertEquals(List.of("a", "c"), ids(live));
        assertEquals(List.of("a", "b", "c"), ids(all));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}

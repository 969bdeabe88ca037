package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** List requests on the Mobile Services dialect: the 2014 SDK's pull query, accepted parameters, paging. */
class MobileServicesListTest {

    private static final Instant T0 = Instant.parse("2014-06-01T10:00:00.123Z");

    private FakeTableService service;
    private RawHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.builder().dialect(ProtocolDialect.MOBILE_SERVICES)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).start().defineTable("todoitem");
        http = new RawHttp(service.uri(), Map.of("X-ZUMO-APPLICATION", service.applicationKey()));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theSdkPullQueryAnswersABareArrayWithTheAskedSystemColumns() {
        service.insertDirect("todoitem", object(j("{'id':'old','text':'before'}")));
        service.setClock(Clock.fixed(Instant.parse("2014-06-01T10:05:00.456Z"), ZoneOffset.UTC));
        service.insertDirect("todoitem", object(j("{'id':'a1','text':'milk','complete':true}")));
        service.insertDirect("todoitem", object(j("{'id':'gone','text':'x','complete':false}")));
        service.deleteDirect("todoitem", "gone");

        HttpResponse<String> response = http.get("/tables/todoitem?$top=50&$skip=0&$filter="
                + enc("(__updatedAt ge datetimeoffset'2014-06-01T10:00:00.124Z')") + "&$orderby=" + enc("__updatedAt asc")
                + "&__includeDeleted=true&__systemProperties=" + enc("__updatedAt,__deleted"));

        assertEquals(200, response.statusCode());
        assertEquals(j("[{'text':'milk','complete':true,'id':'a1','__updatedAt':'2014-06-01T10:05:00.456Z',"
                + "'__deleted':false},{'text':'x','complete':false,'id':'gone','__updatedAt':'2014-06-01T10:05:00.456Z',"
                + "'__deleted':true}]"), response.body());
        assertTrue(response.headers().firstValue("Link").isEmpty(), "no next-page signal");
    }

    @Test
    void inlineCountAnswersResultsAndCountAndWithoutSkipThereIsNoDefaultOrder() {
        for (String id : List.of("c", "a", "b")) {
            service.insertDirect("todoitem", object(j("{'id':'" + id + "'}")));
        }

        JsonNode counted = json(http.get("/tables/todoitem?$inlinecount=allpages&$top=2"));
        JsonNode skipped = json(http.get("/tables/todoitem?$skip=1"));

        assertEquals(2, counted.get("results").size());
        assertEquals(3, counted.get("count").asLong());
        assertEquals(List.of("c", "a"), ids(counted.get("results")), "insertion order: no ORDER BY without $skip");
        assertEquals(List.of("b", "c"), ids(skipped), "with $skip rows are numbered over ORDER BY id");
        assertFalse(skipped.get(0).has("__version"), "system columns only when asked for");
    }

    @Test
    void parametersTheRuntimeDoesNotKnowAndBadOptionsAre400Envelopes() {
        assertError("/tables/todoitem?$top=1001", "Error: The value of the $top query option cannot exceed 1000.");
        assertError("/tables/todoitem?$count=true", "Error: Invalid query parameter name '$count'. Custom query"
                + " parameter names must not start with $ or __.");
        assertError("/tables/todoitem?$Filter=" + enc("text eq 'x'"), null);
        assertError("/tables/todoitem?__includeTheRest=true", null);
        assertError("/tables/todoitem?$filter=" + enc("text eq"), null);
        assertError("/tables/todoitem?$inlinecount=some", null);
        assertError("/tables/todoitem?__systemproperties=__etag", "Error: The value '__etag' is not a supported"
                + " system property.");
        assertError("/tables/todoitem/a1?$top=1", null);
    }

    @Test
    void theDefaultPageIs50AndOtherNamesPassThrough() {
        for (int i = 0; i < 60; i++) {
            service.insertDirect("todoitem", object(j("{'id':'r" + String.format("%02d", i) + "'}")));
        }

        assertEquals(50, json(http.get("/tables/todoitem?custom=1")).size());
    }

    private void assertError(String pathAndQuery, String message) {
        HttpResponse<String> response = http.get(pathAndQuery);
        assertEquals(400, response.statusCode(), pathAndQuery + " -> " + response.body());
        JsonNode body = json(response);
        assertEquals(400, body.get("code").asInt());
        if (message != null) {
            assertEquals(message, body.get("error").asText());
        } else {
            assertTrue(body.get("error").asText().startsWith("Error: "), body.toString());
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}

package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offlinesync.ProtocolDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service that stores updatedAt below the millisecond, as SQL Server's datetimeoffset(7) does: the wire
 * shows milliseconds, filters and order use the stored value.
 */
class SubMillisecondTimestampsTest {

    private static final Instant MS = Instant.parse("2024-08-23T20:22:54.291Z");
    private static final String LITERAL = "cast(2024-08-23T20:22:54.291Z,Edm.DateTimeOffset)";

    private FakeTableService service;
    private RawHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.builder().dialect(ProtocolDialect.DATASYNC).subMillisecondTimestamps(true)
                .start().defineTable("todoitem");
        http = new RawHttp(service.uri(), Map.of());
        service.setClockWithinMillisecond(MS);
        for (String id : List.of("c", "b", "a")) {
            service.insertDirect("todoitem", object(j("{'id':'" + id + "'}")));
        }
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theWireShowsTheMillisecondButRowsOfItComeInTheirHiddenOrderBeforeId() {
        JsonNode page = json(http.get("/tables/todoitem?$orderby=updatedAt"));

        assertEquals(List.of("c", "b", "a"), ids(page));
        page.get("items").forEach(item -> assertEquals("2024-08-23T20:22:54.291Z", item.get("updatedAt").asText()));
    }

    @Test
    void equalToTheWireValueMatchesNothingAndGreaterThanItReturnsTheWholeMillisecondAgain() {
        JsonNode equal = json(http.get("/tables/todoitem?$filter=" + enc("updatedAt eq " + LITERAL)));
        JsonNode greater = json(http.get("/tables/todoitem?$orderby=updatedAt&$filter=" + enc("updatedAt gt " + LITERAL)));
        JsonNode keyset = json(http.get("/tables/todoitem?$orderby=updatedAt,id&$filter=" + enc("(updatedAt gt "
                + LITERAL + ") or (updatedAt eq " + LITERAL + " and id gt 'b')")));

        assertEquals(List.of(), ids(equal));
        assertEquals(List.of("c", "b", "a"), ids(greater));
        assertEquals(List.of("c", "b", "a"), ids(keyset), "the id clause never applies: eq misses the stored value");
    }

    @Test
    void setUpdatedAtKeepsTheSubMillisecondPartAndOtherDialectsSendMillisecondsToo() {
        service.setUpdatedAt("todoitem", List.of("c"), MS.plusNanos(250)); // between b (200 ns) and a (300 ns)
        try (FakeTableService mobileApps = FakeTableService.builder().subMillisecondTimestamps(true).start()) {
            mobileApps.defineTable("t").setClockWithinMillisecond(MS);
            JsonNode item = mobileApps.insertDirect("t", object("{}"));

            assertEquals("2024-08-23T20:22:54.291Z", item.get("updatedAt").asText());
            assertEquals("2024-08-23T20:22:54.291Z", item.get("createdAt").asText());
        }

        assertEquals(List.of("b", "c", "a"), ids(json(http.get("/tables/todoitem?$orderby=updatedAt"))));
    }

    @Test
    void writesShareAMillisecondOnlyWhenTheServiceStoresSubMilliseconds() {
        try (FakeTableService milliseconds = FakeTableService.start()) {
            assertThrows(IllegalStateException.class, () -> milliseconds.setClockWithinMillisecond(MS));
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}

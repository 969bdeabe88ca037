package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.etag;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Map;

/** Single items on the Datasync dialect: POST, GET, PUT, DELETE and undelete, as the 3.0.0 server answers. */
class DatasyncItemsTest {

    private static final Instant T0 = Instant.parse("2024-08-23T20:22:54.291Z");

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

    private HttpResponse<String> insertMilk() {
        return http.post("/tables/todoitem", j("{'id':'a1','text':'milk','complete':false}"));
    }

    @Test
    void insertAnswers201WithEntityEtagLastModifiedAndLocationButNoCreatedAt() {
        HttpResponse<String> response = insertMilk();

        assertEquals(201, response.statusCode());
        JsonNode item = json(response);
        assertEquals("a1", item.get("id").asText());
        assertEquals("2024-08-23T20:22:54.291Z", item.get("updatedAt").asText());
        assertEquals("AAAAAAAAB9E=", item.get("version").asText());
        assertFalse(item.get("deleted").booleanValue());
        assertEquals("milk", item.get("text").asText());
        assertFalse(item.has("createdAt"), item.toString());
        assertEquals("\"AAAAAAAAB9E=\"", etag(response));
        assertEquals("Fri, 23 Aug 2024 20:22:54 GMT", response.headers().firstValue("Last-Modified").orElseThrow());
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith("/tables/todoitem/a1"),
                response.headers().toString());
    }

    @Test
    void insertWithoutIdGetsThirtyTwoHexDigitsAndTheVersionHeaderIsIgnored() {
        HttpResponse<String> response = http.call("POST", "/tables/todoitem", j("{'text':'x'}"))
                .without("ZUMO-API-VERSION").send();

        assertEquals(201, response.statusCode());
        assertTrue(json(response).get("id").asText().matches("[0-9a-f]{32}"), response.body());
    }

    @Test
    void duplicateInsertIs409WithTheServersEntityNotTheSubmittedOne() {
        insertMilk();

        HttpResponse<String> duplicate = http.post("/tables/todoitem", j("{'id':'a1','text':'eggs'}"));

        assertEquals(409, duplicate.statusCode());
        assertEquals("milk", json(duplicate).get("text").asText());
        assertEquals("\"AAAAAAAAB9E=\"", etag(duplicate));
    }

    @Test
    void readWithMatchingIfNoneMatchIs304AndAMissingItemIs404WithoutBody() {
        insertMilk();

        HttpResponse<String> notModified = http.call("GET", "/tables/todoitem/a1", null)
                .header("If-None-Match", "\"AAAAAAAAB9E=\"").send();
        HttpResponse<String> missing = http.get("/tables/todoitem/zz");

        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals(404, missing.statusCode());
        assertEquals("", missing.body());
    }

    @Test
    void putReplacesTheWholeItemAndAStaleIfMatchIs412WithTheCurrentEntity() {
        http.post("/tables/todoitem", j("{'id':'a1','text':'milk','complete':false,'note':'fresh'}"));
        service.setClock(Clock.fixed(Instant.parse("2024-08-23T20:25:01.007Z"), ZoneOffset.UTC));

        HttpResponse<String> replaced = http.call("PUT", "/tables/todoitem/a1",
                j("{'id':'a1','text':'milk','complete':true}")).header("If-Match", "\"AAAAAAAAB9E=\"").send();
        HttpResponse<String> stale = http.call("PUT", "/tables/todoitem/a1",
                j("{'id':'a1','text':'old','complete':false}")).header("If-Match", "\"AAAAAAAAB9E=\"").send();

        assertEquals(200, replaced.statusCode());
        JsonNode item = json(replaced);
        assertEquals("AAAAAAAAB9I=", item.get("version").asText());
        assertEquals("2024-08-23T20:25:01.007Z", item.get("updatedAt").asText());
        assertTrue(item.get("complete").booleanValue());
        assertTrue(item.get("note").isNull(), "a field left out of a PUT is gone: " + item);
        assertEquals("\"AAAAAAAAB9I=\"", etag(replaced));
        assertEquals(412, stale.statusCode());
        assertEquals("\"AAAAAAAAB9I=\"", etag(stale));
        assertEquals(item, json(stale));
    }

    @Test
    void putRefusesAnIdMismatchAndANonJsonBodyAndPatchIsNotARoute() {
        insertMilk();

        assertEquals(400, http.call("PUT", "/tables/todoitem/a1", j("{'id':'b2','text':'x'}")).send().statusCode());
        assertEquals(415, http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1'}"))
                .header("Content-Type", "text/plain").send().statusCode());
        assertEquals(405, http.call("PATCH", "/tables/todoitem/a1", j("{'text':'x'}")).send().statusCode());
    }

    @Test
    void weakOrStarIfMatchFollowTheServersRules() {
        insertMilk();

        HttpResponse<String> weak = http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1','text':'w'}"))
                .header("If-Match", "W/\"AAAAAAAAB9E=\"").send();
        HttpResponse<String> star = http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1','text':'s'}"))
                .header("If-Match", "*").send();
        HttpResponse<String> noneMatchOnPut = http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1','text':'n'}"))
                .header("If-None-Match", etag(star)).send();

        assertEquals(412, weak.statusCode());
        assertEquals(200, star.statusCode());
        assertEquals(412, noneMatchOnPut.statusCode());
    }

    @Test
    void deleteIs204AndTheDeletedItemIs410UntilIncludedThenAPutWithDeletedFalseUndeletes() {
        insertMilk();
        String version = etag(http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1','text':'milk','complete':true}"))
                .send());

        HttpResponse<String> deleted = http.call("DELETE", "/tables/todoitem/a1", null)
                .header("If-Match", version).send();
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertEquals(410, http.get("/tables/todoitem/a1").statusCode());
        HttpResponse<String> included = http.get("/tables/todoitem/a1?__includedeleted=true");
        assertEquals(200, included.statusCode());
        assertTrue(json(included).get("deleted").booleanValue());
        assertNotEquals(version, etag(included), "a soft delete is a write");
        assertEquals(410, http.delete("/tables/todoitem/a1").statusCode());
        assertEquals(410, http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1','deleted':false}")).send()
                .statusCode());

        HttpResponse<String> undeleted = http.call("PUT", "/tables/todoitem/a1?__includedeleted=true",
                j("{'id':'a1','deleted':false,'text':'milk','complete':true}")).send();

        assertEquals(200, undeleted.statusCode());
        assertFalse(json(undeleted).get("deleted").booleanValue());
        assertNotEquals(etag(included), etag(undeleted));
        assertEquals(200, http.get("/tables/todoitem/a1").statusCode());
    }

    @Test
    void aDeletedIdCannotBeInsertedAgainAndAHardDeleteTableForgetsTheRow() {
        insertMilk();
        http.delete("/tables/todoitem/a1");
        service.defineTable("plain", false);
        http.post("/tables/plain", j("{'id':'p1'}"));

        HttpResponse<String> again = insertMilk();
        HttpResponse<String> hardDelete = http.delete("/tables/plain/p1");

        assertEquals(409, again.statusCode());
        assertTrue(json(again).get("deleted").booleanValue());
        assertEquals(204, hardDelete.statusCode());
        assertEquals(404, http.get("/tables/plain/p1").statusCode());
        assertEquals(404, http.get("/tables/nosuchtable").statusCode());
    }

    @Test
    void directHelpersWriteDatasyncRows() {
        JsonNode item = service.insertDirect("todoitem", ZumoHttp.object(j("{'id':'d1','text':'direct'}")));
        service.deleteDirect("todoitem", "d1");

        assertFalse(item.has("createdAt"), item.toString());
        assertEquals("AAAAAAAAB9E=", item.get("version").asText());
        assertEquals("AAAAAAAAB9I=", service.item("todoitem", "d1").orElseThrow().get("version").asText());
        assertEquals(410, http.get("/tables/todoitem/d1").statusCode());
    }
}

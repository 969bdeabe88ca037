package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.etag;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** Single items on the Mobile Services dialect: key, system properties, PATCH answers, delete and undelete. */
class MobileServicesItemsTest {

    private static final Instant T0 = Instant.parse("2014-06-01T10:00:00.123Z");

    private FakeTableService service;
    private RawHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.builder().dialect(ProtocolDialect.MOBILE_SERVICES).applicationKey("secret")
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).start().defineTable("todoitem");
        http = new RawHttp(service.uri(), Map.of("X-ZUMO-APPLICATION", "secret"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private HttpResponse<String> insertMilk() {
        return http.post("/tables/todoitem?__systemproperties=__version,__createdAt",
                j("{'id':'a1','text':'milk','complete':false}"));
    }

    @Test
    void insertAnswersTheSentItemWithTheAskedSystemPropertiesAndAnHttpsLocation() {
        HttpResponse<String> response = insertMilk();

        assertEquals(201, response.statusCode());
        assertEquals(j("{'id':'a1','text':'milk','complete':false,'__version':'AAAAAAAAB9E=',"
                + "'__createdAt':'2014-06-01T10:00:00.123Z'}"), response.body());
        assertEquals("\"AAAAAAAAB9E=\"", etag(response));
        assertTrue(response.headers().firstValue("Location").orElseThrow().matches("https://[^/]+/tables/todoitem/a1"),
                response.headers().toString());
    }

    @Test
    void duplicatesSystemPropertiesVersionHeaderAndAMissingKeyAreRefused() {
        insertMilk();

        HttpResponse<String> duplicate = http.post("/tables/todoitem", j("{'id':'a1','text':'eggs'}"));
        HttpResponse<String> system = http.post("/tables/todoitem", j("{'text':'x','__version':'AAAAAAAAB9E='}"));
        HttpResponse<String> versioned = http.call("POST", "/tables/todoitem", j("{'text':'x'}"))
                .header("ZUMO-API-VERSION", "2.0.0").send();
        HttpResponse<String> anonymous = http.call("POST", "/tables/todoitem", j("{'text':'x'}"))
                .without("X-ZUMO-APPLICATION").send();

        assertEquals(409, duplicate.statusCode());
        assertEquals(j("{'code':409,'error':'Error: Could not insert the item because an item with that id already"
                + " exists.'}"), duplicate.body());
        assertEquals(400, system.statusCode());
        assertTrue(json(system).get("error").asText().startsWith("Error: The property '__version' can not be set."));
        assertEquals(400, versioned.statusCode());
        assertTrue(versioned.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(j("{'code':401,'error':'Error: Unauthorized'}"), anonymous.body());
        assertEquals(1, service.items("todoitem", true).size());
    }

    @Test
    void readStripsSystemColumnsUnlessAskedAndAnswers304ToAMatchingIfNoneMatch() {
        insertMilk();

        HttpResponse<String> all = http.get("/tables/todoitem/a1?__systemproperties=*");
        HttpResponse<String> bare = http.get("/tables/todoitem/a1");
        HttpResponse<String> cached = http.call("GET", "/tables/todoitem/a1?__systemproperties=__version", null)
                .header("If-None-Match", "\"AAAAAAAAB9E=\"").send();

        assertEquals(j("{'text':'milk','complete':false,'id':'a1','__createdAt':'2014-06-01T10:00:00.123Z',"
                + "'__updatedAt':'2014-06-01T10:00:00.123Z','__version':'AAAAAAAAB9E=','__deleted':false}"), all.body());
        assertEquals("\"AAAAAAAAB9E=\"", etag(all));
        assertEquals(j("{'text':'milk','complete':false,'id':'a1'}"), bare.body());
        assertNull(etag(bare));
        assertEquals(304, cached.statusCode());
        assertEquals(j("{'code':404,'error':'Error: An item with id \\'zz\\' does not exist.'}").replace("\\\"", "'"),
                http.get("/tables/todoitem/zz").body());
    }

    @Test
    void patchAnswersOnlyTheSentFieldsTheIdAndTheNewVersion() {
        insertMilk();

        HttpResponse<String> patched = http.call("PATCH", "/tables/todoitem/a1?__systemproperties=__version",
                j("{'complete':true}")).header("If-Match", "\"AAAAAAAAB9E=\"").send();
        HttpResponse<String> stale = http.call("PATCH", "/tables/todoitem/a1", j("{'text':'late'}"))
                .header("If-Match", "\"AAAAAAAAB9E=\"").send();
        HttpResponse<String> unquoted = http.call("PATCH", "/tables/todoitem/a1", j("{'text':'x'}"))
                .header("If-Match", "AAAAAAAAB9I=").send();
        HttpResponse<String> otherId = http.call("PATCH", "/tables/todoitem/a1", j("{'id':'b2'}")).send();

        assertEquals(200, patched.statusCode());
        assertEquals(j("{'complete':true,'id':'a1','__version':'AAAAAAAAB9I='}"), patched.body());
        assertEquals("\"AAAAAAAAB9I=\"", etag(patched));
        assertEquals(412, stale.statusCode());
        assertEquals("\"AAAAAAAAB9I=\"", etag(stale));
        JsonNode server = json(stale);
        assertEquals("milk", server.get("text").asText());
        assertTrue(server.has("__createdAt") && server.has("__updatedAt") && server.has("__deleted"), server.toString());
        assertEquals(j("{'code':400,'error':'Error: Invalid \\'if-match\\' header.'}").replace("\\\"", "'"),
                unquoted.body());
        assertEquals(400, otherId.statusCode());
    }

    @Test
    void deleteIs204ThenTheItemIs404UnlessIncludedAndABodylessPostUndeletesIt() {
        insertMilk();

        HttpResponse<String> deleted = http.call("DELETE", "/tables/todoitem/a1", null)
                .header("If-Match", "\"AAAAAAAAB9E=\"").send();
        assertEquals(204, deleted.statusCode());
        assertEquals(404, http.get("/tables/todoitem/a1").statusCode());
        HttpResponse<String> included = http.get("/tables/todoitem/a1?__includeDeleted=true&__systemproperties=__deleted");
        assertEquals(j("{'text':'milk','complete':false,'id':'a1','__deleted':true}"), included.body());
        assertEquals(404, http.delete("/tables/todoitem/a1").statusCode());
        assertEquals(412, http.call("PATCH", "/tables/todoitem/a1", j("{'text':'x'}")).send().statusCode(),
                "a PATCH without a version on a deleted row fails its version check");

        HttpResponse<String> undeleted = http.post("/tables/todoitem/a1?__systemproperties=__version", null);

        assertEquals(200, undeleted.statusCode());
        assertEquals(j("{'id':'a1','__deleted':false,'__version':'AAAAAAAAB9M='}"), undeleted.body());
        assertFalse(json(http.get("/tables/todoitem/a1?__systemproperties=deleted")).get("__deleted").booleanValue());
        assertEquals(400, http.post("/tables/todoitem/a1", "{}").statusCode(), "an undelete has no content");
    }

    @Test
    void putIsNotAllowedAndAnUnknownTableIsA404Envelope() {
        HttpResponse<String> put = http.call("PUT", "/tables/todoitem/a1", j("{'id':'a1'}")).send();
        HttpResponse<String> table = http.get("/tables/nosuch");

        assertEquals(405, put.statusCode());
        assertEquals("GET, POST, PATCH, DELETE", put.headers().firstValue("Allow").orElseThrow());
        assertEquals(j("{'code':404,'error':'Error: Table \\'nosuch\\' does not exist.'}").replace("\\\"", "'"),
                table.body());
    }
}

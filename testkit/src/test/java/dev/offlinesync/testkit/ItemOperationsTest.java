package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.etag;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Single-item operations: insert, read, update, delete, undelete, as the fixtures show the Node server. */
class ItemOperationsTest {

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final String NOT_FOUND = "{\"error\":\"The item does not exist\"}";

    private FakeTableService service;
    private ZumoHttp http;

    @BeforeEach
    void start() {
        service = FakeTableService.start().defineTable("TodoItem");
        http = new ZumoHttp(service.uri());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void insertWithoutIdAssignsLowercaseUuidVersionOneAndMillisecondTimestamps() {
        HttpResponse<String> response = http.post("/tables/TodoItem", j("{'text':'first, no id','complete':false}"));

        assertEquals(201, response.statusCode());
        assertEquals("\"MQ==\"", etag(response));
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode item = json(response);
        assertTrue(item.get("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                item.toString());
        assertTrue(item.get("createdAt").asText().matches(DATE), item.toString());
        assertEquals(item.get("createdAt"), item.get("updatedAt"));
        assertEquals("MQ==", item.get("version").asText());
        assertEquals(false, item.get("deleted").booleanValue());
        List<String> names = new ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("text", "complete", "id", "createdAt", "updatedAt", "version", "deleted"), names);
    }

    @Test
    void insertWithClientIdKeepsItAndGetByIdAnswersItWithStrongEtag() {
        HttpResponse<String> created = http.post("/tables/TodoItem", j("{'id':'item-1','text':'with client id'}"));
        HttpResponse<String> read = http.get("/tables/TodoItem/item-1");

        assertEquals(201, created.statusCode());
        assertEquals(200, read.statusCode());
        assertEquals("\"MQ==\"", etag(read));
        assertEquals(json(created), json(read));
        assertEquals("item-1", json(read).get("id").asText());
    }

    @Test
    void duplicateInsertEchoesSubmittedItemWith409() {
        http.post("/tables/TodoItem", j("{'id':'item-1','text':'with client id','complete':false}"));

        HttpResponse<String> duplicate = http.post("/tables/TodoItem",
                j("{'id':'item-1','text':'duplicate','complete':true}"));

        assertEquals(409, duplicate.statusCode());
        assertEquals(object(j("{'id':'item-1','text':'duplicate','complete':true}")), json(duplicate));
        assertTrue(etag(duplicate).startsWith("W/\""), "Express' weak ETag, not a version: " + etag(duplicate));
    }

    @Test
    void duplicateOfSoftDeletedItemIs409Too() {
        service.insertDirect("TodoItem", object(j("{'id':'gone'}")));
        service.deleteDirect("TodoItem", "gone");

        assertEquals(409, http.post("/tables/TodoItem", j("{'id':'gone'}")).statusCode());
    }

    @Test
    void reservedPropertiesInBodyAre400() {
        HttpResponse<String> insert = http.post("/tables/TodoItem",
                j("{'id':'r-1','text':'x','updatedAt':'2020-01-01T00:00:00Z'}"));
        service.insertDirect("TodoItem", object(j("{'id':'r-2'}")));
        HttpResponse<String> patch = http.patch("/tables/TodoItem/r-2", j("{'deleted':true}"), null);

        assertEquals(400, insert.statusCode());
        assertEquals("{\"error\":\"Cannot update item with property 'updatedAt' as it is reserved\"}", insert.body());
        assertEquals(400, patch.statusCode());
        assertEquals("Cannot update item with property 'deleted' as it is reserved", json(patch).get("error").asText());
        assertTrue(service.item("TodoItem", "r-1").isEmpty());
    }

    @Test
    void arrayOrObjectPropertyIs500UnsupportedType() {
        HttpResponse<String> array = http.post("/tables/TodoItem", j("{'id':'arr-1','text':'x','tags':['a','b']}"));
        HttpResponse<String> nested = http.post("/tables/TodoItem", j("{'id':'obj-1','owner':{'name':'x'}}"));

        assertEquals(500, array.statusCode());
        assertEquals("{\"error\":\"Unsupported type: Array\"}", array.body());
        assertEquals(500, nested.statusCode());
        assertEquals("{\"error\":\"Unsupported type: Object\"}", nested.body());
        assertTrue(service.items("TodoItem", true).isEmpty());
    }

    @Test
    void propertyNameThatIsNoSqlIdentifierIs500() {
        HttpResponse<String> response = http.post("/tables/TodoItem", j("{'id':'x','my-field':1}"));

        assertEquals(500, response.statusCode());
        assertTrue(json(response).get("error").asText().startsWith("my-field is not a valid identifier"));
    }

    @Test
    void invalidJsonIs400WithErrorMessage() {
        HttpResponse<String> response = http.post("/tables/TodoItem", "{\"text\": \"unterminated");

        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("error").asText().contains("Unexpected end-of-input"), response.body());
    }

    @Test
    void jsonBodyThatIsNoObjectIs400() {
        assertEquals(400, http.post("/tables/TodoItem", "[1,2]").statusCode());
        assertEquals(400, http.post("/tables/TodoItem", "\"text\"").statusCode());
    }

    @Test
    void bodyWithoutJsonContentTypeIsIgnoredAsTheServersBodyParserDoes() {
        HttpResponse<String> response = ZumoHttp.send(http.request("/tables/TodoItem")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(j("{'text':'lost'}")))
                .build());

        assertEquals(201, response.statusCode());
        assertEquals(null, json(response).get("text"), "the body was not read: " + response.body());
    }

    @Test
    void missingItemIs404WithExpressWeakEtagOfTheFixture() {
        HttpResponse<String> response = http.get("/tables/TodoItem/nope");

        assertEquals(404, response.statusCode());
        assertEquals(NOT_FOUND, response.body());
        assertEquals("W/\"23-MsGy+COoJRXDMtIsEcpeBMo/mFk\"", etag(response));
    }

    @Test
    void patchWithCurrentIfMatchMergesFieldsAndBumpsVersionAndUpdatedAt() {
        service.setClock(Clock.fixed(Instant.parse("2026-11-23T23:05:13.274Z"), ZoneOffset.UTC));
        http.post("/tables/TodoItem", j("{'id':'item-1','text':'with client id','complete':false}"));
        service.setClock(Clock.fixed(Instant.parse("2026-11-23T23:05:13.299Z"), ZoneOffset.UTC));

        HttpResponse<String> response = http.patch("/tables/TodoItem/item-1", j("{'text':'patched'}"), "\"MQ==\"");

        assertEquals(200, response.statusCode());
        assertEquals("\"Mg==\"", etag(response));
        assertEquals(object(j("{'text':'patched','complete':false,'id':'item-1','createdAt':'2026-11-23T23:05:13.274Z',"
                + "'updatedAt':'2026-11-23T23:05:13.299Z','version':'Mg==','deleted':false}")), json(response));
    }

    @Test
    void staleIfMatchAnswers412WithServerItemAndEtag() {
        http.post("/tables/TodoItem", j("{'id':'item-1','text':'v1'}"));
        http.patch("/tables/TodoItem/item-1", j("{'text':'patched'}"), "\"MQ==\"");

        HttpResponse<String> response = http.patch("/tables/TodoItem/item-1", j("{'text':'stale','complete':true}"),
                "\"MQ==\"");

        assertEquals(412, response.statusCode());
        assertEquals("\"Mg==\"", etag(response));
        assertEquals("patched", json(response).get("text").asText());
        assertEquals("Mg==", json(response).get("version").asText());
        assertEquals("patched", service.item("TodoItem", "item-1").orElseThrow().get("text").asText());
    }

    @Test
    void staleBodyVersionAnswers409WithServerItemWhileCurrentOneIsAccepted() {
        http.post("/tables/TodoItem", j("{'id':'item-1','text':'v1'}"));
        http.patch("/tables/TodoItem/item-1", j("{'text':'patched'}"), null);

        HttpResponse<String> stale = http.patch("/tables/TodoItem/item-1",
                j("{'text':'stale body version','version':'MQ=='}"), null);
        HttpResponse<String> current = http.patch("/tables/TodoItem/item-1", j("{'text':'ok','version':'Mg=='}"), null);

        assertEquals(409, stale.statusCode());
        assertEquals("\"Mg==\"", etag(stale));
        assertEquals("patched", json(stale).get("text").asText());
        assertEquals(200, current.statusCode());
        assertEquals("Mw==", json(current).get("version").asText());
    }

    @Test
    void patchWithoutVersionLastWriterWins() {
        http.post("/tables/TodoItem", j("{'id':'item-1','text':'v1','complete':false}"));
        http.patch("/tables/TodoItem/item-1", j("{'text':'v2'}"), null);

        HttpResponse<String> response = http.patch("/tables/TodoItem/item-1", j("{'text':'last writer wins'}"), null);

        assertEquals(200, response.statusCode());
        assertEquals("\"Mw==\"", etag(response));
        assertEquals("last writer wins", json(response).get("text").asText());
        assertEquals(false, json(response).get("complete").booleanValue());
    }

    @Test
    void patchOfMissingOrDeletedItemIs404() {
        service.insertDirect("TodoItem", object(j("{'id':'del-1'}")));
        service.deleteDirect("TodoItem", "del-1");

        HttpResponse<String> missing = http.patch("/tables/TodoItem/nope", j("{'text':'x'}"), "\"MQ==\"");
        HttpResponse<String> deleted = http.patch("/tables/TodoItem/del-1", j("{'text':'x'}"), null);

        assertEquals(404, missing.statusCode());
        assertEquals(NOT_FOUND, missing.body());
        assertEquals(404, deleted.statusCode());
    }

    @Test
    void patchWithOtherIdInBodyIs400() {
        service.insertDirect("TodoItem", object(j("{'id':'a'}")));

        assertEquals(400, http.patch("/tables/TodoItem/a", j("{'id':'b','text':'x'}"), null).statusCode());
        assertEquals(200, http.patch("/tables/TodoItem/a", j("{'id':'a','text':'x'}"), null).statusCode());
    }

    @Test
    void softDeleteAnswersItemWithDeletedTrueThenItemIs404ById() {
        http.post("/tables/TodoItem", j("{'id':'del-1','text':'to be deleted'}"));

        HttpResponse<String> stale = http.delete("/tables/TodoItem/del-1", "\"OTk=\"");
        HttpResponse<String> deleted = http.delete("/tables/TodoItem/del-1", "\"MQ==\"");
        HttpResponse<String> byId = http.get("/tables/TodoItem/del-1?__includeDeleted=true");
        HttpResponse<String> again = http.delete("/tables/TodoItem/del-1", null);

        assertEquals(412, stale.statusCode());
        assertEquals("\"MQ==\"", etag(stale));
        assertEquals(false, json(stale).get("deleted").booleanValue());
        assertEquals(200, deleted.statusCode());
        assertEquals("\"Mg==\"", etag(deleted));
        assertEquals(true, json(deleted).get("deleted").booleanValue());
        assertEquals("to be deleted", json(deleted).get("text").asText());
        assertEquals(404, byId.statusCode());
        assertEquals(404, again.statusCode());
        assertEquals(NOT_FOUND, again.body());
        assertEquals(1, service.items("TodoItem", true).size());
    }

    @Test
    void postToDeletedItemUndeletesItWith201() {
        http.post("/tables/TodoItem", j("{'id':'del-1','text':'to be deleted'}"));
        http.delete("/tables/TodoItem/del-1", null);

        HttpResponse<String> stale = ZumoHttp.send(http.request("/tables/TodoItem/del-1").header("If-Match", "\"MQ==\"")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> undeleted = ZumoHttp.send(http.request("/tables/TodoItem/del-1")
                .header("If-Match", "\"Mg==\"").POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> missing = ZumoHttp.send(http.request("/tables/TodoItem/nope")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertEquals(412, stale.statusCode());
        assertEquals(201, undeleted.statusCode());
        assertEquals("\"Mw==\"", etag(undeleted));
        assertEquals(false, json(undeleted).get("deleted").booleanValue());
        assertEquals("to be deleted", json(undeleted).get("text").asText());
        assertEquals(200, http.get("/tables/TodoItem/del-1").statusCode());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void tableWithoutSoftDeleteRemovesTheRow() {
        service.defineTable("Hard", false);
        http.post("/tables/Hard", j("{'id':'h-1','text':'x'}"));

        HttpResponse<String> deleted = http.delete("/tables/Hard/h-1", "\"MQ==\"");

        assertEquals(200, deleted.statusCode());
        assertEquals("h-1", json(deleted).get("id").asText());
        assertTrue(service.items("Hard", true).isEmpty());
        assertEquals("[]", http.get("/tables/Hard?__includeDeleted=true").body());
        assertEquals(201, http.post("/tables/Hard", j("{'id':'h-1','text':'again'}")).statusCode());
    }

    @Test
    void missingOrWrongApiVersionIs400WithTheServersMessage() {
        HttpResponse<String> none = ZumoHttp.send(HttpRequest.newBuilder(service.uri().resolve("/tables/TodoItem"))
                .GET().build());
        HttpResponse<String> datasync = ZumoHttp.send(http.request("/tables/TodoItem")
                .setHeader("ZUMO-API-VERSION", "3.0.0").GET().build());

        assertEquals(400, none.statusCode());
        assertEquals("{\"error\":\"An invalid API version was specified in the request, this request needs to specify"
                + " a ZUMO-API-VERSION of 2.0.0.\"}", none.body());
        assertEquals("W/\"7b-TNXEb2qgFmhUWjlgKIjHoeygRug\"", etag(none));
        assertEquals(400, datasync.statusCode());
    }

    @Test
    void apiVersionAsQueryParameterIsAccepted() {
        for (String name : List.of("ZUMO-API-VERSION", "zumo-api-version")) {
            HttpResponse<String> response = ZumoHttp.send(HttpRequest.newBuilder(
                    service.uri().resolve("/tables/TodoItem?" + name + "=2.0.0")).GET().build());
            assertEquals(200, response.statusCode(), name);
        }
    }

    @Test
    void unknownTableOrRouteIsExpressHtml404() {
        HttpResponse<String> unknown = http.get("/tables/NoSuchTable");
        HttpResponse<String> put = ZumoHttp.send(http.request("/tables/TodoItem/x").header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> tooDeep = http.get("/tables/TodoItem/a/b");

        assertEquals(404, unknown.statusCode());
        assertEquals("text/html; charset=utf-8", unknown.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"
                + "</head>\n<body>\n<pre>Cannot GET /tables/NoSuchTable</pre>\n</body>\n</html>\n", unknown.body());
        assertEquals(null, etag(unknown));
        assertEquals(404, put.statusCode());
        assertTrue(put.body().contains("Cannot PUT /tables/TodoItem/x"), put.body());
        assertEquals(404, tooDeep.statusCode());
        HttpResponse<String> head = ZumoHttp.send(http.request("/tables/TodoItem").method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(404, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void tableNamesMatchCaseInsensitivelyLikeExpressRoutes() {
        http.post("/tables/todoitem", j("{'id':'a'}"));

        assertEquals(200, http.get("/tables/TODOITEM/a").statusCode());
    }

    @Test
    void idsWithQuotesPercentSlashAndUnicodeRoundTrip() {
        String id = "O'Brien 100% a/b ü 😀 --";
        HttpResponse<String> created = http.post("/tables/TodoItem",
                ZumoHttp.JSON.createObjectNode().put("id", id).put("text", "x").toString());

        HttpResponse<String> read = http.get("/tables/TodoItem/" + enc(id));
        HttpResponse<String> filtered = http.get("/tables/TodoItem?$filter=" + enc("id eq 'O''Brien 100% a/b ü 😀 --'"));

        assertEquals(201, created.statusCode());
        assertEquals(200, read.statusCode());
        assertEquals(id, json(read).get("id").asText());
        assertEquals(1, json(filtered).size());
        assertNotEquals(null, json(filtered).get(0));
    }
}

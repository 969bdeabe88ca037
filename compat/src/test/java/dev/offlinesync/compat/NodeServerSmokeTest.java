package dev.offlinesync.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the harness: the real Node server answers with the wire shapes the client expects, {@link NodeTableServer#executeSql} changes
 * what it serves, and {@link NodeTableServer#restart()} keeps the data and the port. Raw HTTP/1.1, no library.
 */
@ExtendWith(NodeServerExtension.class)
class NodeServerSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final NodeTableServer server;

    NodeServerSmokeTest(NodeTableServer server) {
        this.server = server;
    }

    @Test
    void emptyTablesExistBeforeTheFirstInsert() {
        for (String table : List.of("TodoItem", "TypedItem", "PlainItem")) {
            HttpResponse<String> list = send("GET", "tables/" + table + "?$filter=" + query("id eq 'none-yet'"), null);
            assertEquals(200, list.statusCode(), list.body());
            assertEquals(JSON.createArrayNode(), json(list));
        }
    }

    @Test
    void insertThenReadBack() {
        String id = newId();
        HttpResponse<String> created = send("POST", "tables/TodoItem", todo(id, "buy milk"));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode item = json(created);
        assertEquals(id, item.get("id").asText());
        assertEquals("buy milk", item.get("text").asText());
        assertFalse(item.get("complete").asBoolean());
        assertFalse(item.get("deleted").asBoolean());
        assertEquals("MQ==", item.get("version").asText(), "version is base64 of the row counter '1'");
        assertEquals("\"MQ==\"", created.headers().firstValue("ETag").orElseThrow());
        Instant.parse(item.get("updatedAt").asText());

        HttpResponse<String> read = send("GET", "tables/TodoItem/" + id, null);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(item, json(read));
    }

    @Test
    void typedColumnsRoundTrip() {
        ObjectNode typed = JSON.createObjectNode().put("id", newId()).put("title", "t\u00e9st 'quoted' --")
                .put("done", true).put("amount", 12.5).put("due", "2026-01-02T03:04:05.678Z").putNull("note");
        HttpResponse<String> created = send("POST", "tables/TypedItem", typed);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode read = json(send("GET", "tables/TypedItem/" + typed.get("id").asText(), null));
        for (String field : List.of("id", "title", "done", "amount", "due", "note")) {
            assertEquals(typed.get(field), read.get(field), field);
        }
    }

    @Test
    void softDeletedItemIsListedOnlyWithIncludeDeleted() {
        String id = newId();
        JsonNode item = json(send("POST", "tables/TodoItem", todo(id, "to delete")));
        HttpResponse<String> deleted = send("DELETE", "tables/TodoItem/" + id, null,
                "If-Match", "\"" + item.get("version").asText() + "\"");
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(json(deleted).get("deleted").asBoolean());

        assertEquals(404, send("GET", "tables/TodoItem/" + id, null).statusCode());
        String filter = "?$filter=" + query("id eq '" + id + "'");
        assertEquals(0, json(send("GET", "tables/TodoItem" + filter, null)).size());
        JsonNode listed = json(send("GET", "tables/TodoItem" + filter + "&__includeDeleted=true", null));
        assertEquals(1, listed.size(), listed.toString());
        assertTrue(listed.get(0).get("deleted").asBoolean());
    }

    @Test
    void plainTableDeletesForGood() {
        String id = newId();
        ObjectNode plain = JSON.createObjectNode().put("id", id).put("text", "plain");
        assertEquals(201, send("POST", "tables/PlainItem", plain).statusCode());
        assertEquals(200, send("DELETE", "tables/PlainItem/" + id, null).statusCode());
        String filter = "?$filter=" + query("id eq '" + id + "'") + "&__includeDeleted=true";
        assertEquals(0, json(send("GET", "tables/PlainItem" + filter, null)).size());
        assertEquals(0, server.querySql("SELECT id FROM PlainItem WHERE id = ?", id).size());
    }

    @Test
    void staleIfMatchIs412WithTheServerItemAndItsEtag() {
        String id = newId();
        JsonNode v1 = json(send("POST", "tables/TodoItem", todo(id, "v1")));
        String staleEtag = "\"" + v1.get("version").asText() + "\"";
        HttpResponse<String> v2 = send("PATCH", "tables/TodoItem/" + id,
                JSON.createObjectNode().put("text", "v2"), "If-Match", staleEtag);
        assertEquals(200, v2.statusCode(), v2.body());
        assertEquals("Mg==", json(v2).get("version").asText());

        HttpResponse<String> conflict = send("PATCH", "tables/TodoItem/" + id,
                JSON.createObjectNode().put("text", "v3"), "If-Match", staleEtag);
        assertEquals(412, conflict.statusCode(), conflict.body());
        JsonNode serverItem = json(conflict);
        assertEquals("v2", serverItem.get("text").asText());
        assertEquals("\"Mg==\"", conflict.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void updatedAtForcedThroughSqlIsWhatTheApiServes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = newId();
            ids.add(id);
            assertEquals(201, send("POST", "tables/TodoItem", todo(id, "tie " + i)).statusCode());
        }
        String tie = NodeTableServer.sqlTimestamp(Instant.parse("2001-02-03T04:05:06.789Z"));
        int changed = server.executeSql("UPDATE TodoItem SET updatedAt = ? WHERE id IN (?, ?, ?)",
                tie, ids.get(0), ids.get(1), ids.get(2));
        assertEquals(3, changed);

        List<Map<String, Object>> rows = server.querySql(
                "SELECT id, updatedAt, version, deleted FROM TodoItem WHERE updatedAt = ? ORDER BY id", tie);
        assertEquals(3, rows.size());
        assertEquals("2", rows.get(0).get("version"), "the update trigger bumps the counter: " + rows);
        assertEquals(0, rows.get(0).get("deleted"));

        String filter = query("updatedAt eq datetimeoffset'2001-02-03T04:05:06.789Z'");
        JsonNode listed = json(send("GET", "tables/TodoItem?$filter=" + filter + "&$orderby=id", null));
        assertEquals(3, listed.size(), listed.toString());
        for (JsonNode item : listed) {
            assertEquals(tie, item.get("updatedAt").asText());
            assertEquals("Mg==", item.get("version").asText());
        }
    }

    @Test
    void restartKeepsDataAndPortAndKillDoesToo() {
        String id = newId();
        assertEquals(201, send("POST", "tables/TodoItem", todo(id, "durable")).statusCode());
        int port = server.port();
        long pid = server.pid();

        server.restart();
        assertEquals(port, server.port());
        assertNotEquals(pid, server.pid());
        assertEquals("durable", json(send("GET", "tables/TodoItem/" + id, null)).get("text").asText());

        server.kill();
        assertFalse(server.isRunning());
        server.restart();
        assertTrue(server.isRunning());
        assertEquals(port, server.port());
        assertEquals("durable", json(send("GET", "tables/TodoItem/" + id, null)).get("text").asText());
    }

    @Test
    void unknownTableIsAnHtml404() {
        HttpResponse<String> response = send("GET", "tables/NoSuchTable", null);
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"),
                response.headers().toString());
        assertTrue(response.body().contains("Cannot GET /tables/NoSuchTable"), response.body());
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(URI.create(path)))
                .timeout(Duration.ofSeconds(10))
                .header("ZUMO-API-VERSION", "2.0.0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e + "\nserver log:\n"
                    + server.logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static ObjectNode todo(String id, String text) {
        return JSON.createObjectNode().put("id", id).put("text", text).put("complete", false);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node instanceof ArrayNode || node instanceof ObjectNode) {
                return node;
            }
            throw new IllegalStateException("not a JSON object or array: " + response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String query(String odata) {
        return URLEncoder.encode(odata, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String newId() {
        return "smoke-" + UUID.randomUUID();
    }
}

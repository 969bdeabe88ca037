package dev.offlinesync.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.compat.RawTables.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Mobile Apps 2.0.0 table protocol as the library uses it, exchange by exchange over plain HTTP, asserted the
 * same way against every server that claims to speak it: the real Node server ({@link NodeServerProtocolTest})
 * and testkit's in-process {@code FakeTableService} ({@link FakeServiceProtocolTest}). So the fake that the
 * library's own tests lean on is checked against the real thing, not assumed to match it. Where they knowingly
 * differ (the fake's documented table), the subclass says what its server does.
 */
abstract class TableProtocolExchanges {

    private static final String TABLE = "TodoItem";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TIMESTAMP_PATTERN = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private RawTables rest;

    /** The service root, {@code http://127.0.0.1:PORT/}. */
    abstract URI service();

    /** Empties the tables before each exchange. */
    abstract void emptyTables();

    /** Gives these TodoItems one updatedAt, behind the API (versions may change as the server's bulk update does). */
    abstract void setUpdatedAt(List<String> ids, Instant updatedAt);

    /** Whether {@code startswith}, {@code endswith} and {@code substringof} match anything on this server. */
    abstract boolean stringFunctionsMatch();

    @BeforeEach
    final void emptyServer() {
        emptyTables();
        rest = new RawTables(service());
    }

    @Test
    void insertAnswers201WithTheItemItsFirstVersionAndItsEtag() {
        Exchange created = rest.insert(TABLE, todo("a", "buy milk"));

        assertEquals(201, created.status(), created.toString());
        ObjectNode item = created.item();
        assertEquals("a", item.get("id").asText());
        assertEquals("buy milk", item.get("text").asText());
        assertFalse(item.get("complete").asBoolean());
        assertEquals("MQ==", item.get("version").asText(), "base64 of the row counter");
        assertEquals("\"MQ==\"", created.header("ETag").orElseThrow());
        assertFalse(item.get("deleted").asBoolean());
        assertTrue(item.get("updatedAt").asText().matches(TIMESTAMP_PATTERN), item.toString());
        assertEquals(item.get("createdAt"), item.get("updatedAt"));
    }

    @Test
    void insertWithoutIdGetsALowercaseUuid() {
        Exchange created = rest.insert(TABLE, RawTables.JSON.createObjectNode().put("text", "no id"));

        assertEquals(201, created.status(), created.toString());
        assertTrue(created.item().get("id").asText().matches(UUID_PATTERN), created.toString());
    }

    @Test
    void getAnswersTheItemAndItsVersionAsEtag() {
        ObjectNode item = rest.insert(TABLE, todo("a", "buy milk")).item();

        Exchange read = rest.get(TABLE, "a");

        assertEquals(200, read.status());
        assertEquals(item, read.item());
        assertEquals("\"MQ==\"", read.header("ETag").orElseThrow());
        assertEquals(404, rest.get(TABLE, "never-inserted").status());
    }

    @Test
    void patchWithTheCurrentIfMatchChangesTheItemAndBumpsItsVersion() {
        ObjectNode before = rest.insert(TABLE, todo("a", "buy milk")).item();

        Exchange patched = rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "oat milk"), "MQ==");

        assertEquals(200, patched.status(), patched.toString());
        ObjectNode after = patched.item();
        assertEquals("oat milk", after.get("text").asText());
        assertEquals(before.get("complete"), after.get("complete"), "fields not sent are kept");
        assertEquals("Mg==", after.get("version").asText());
        assertEquals("\"Mg==\"", patched.header("ETag").orElseThrow());
        assertEquals(before.get("createdAt"), after.get("createdAt"));
        assertTrue(after.get("updatedAt").asText().compareTo(before.get("updatedAt").asText()) >= 0);
    }

    @Test
    void patchWithAStaleIfMatchIs412WithTheServerItemAndItsEtag() {
        rest.insert(TABLE, todo("a", "v1"));
        rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "v2"), "MQ==");

        Exchange stale = rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "v3"), "MQ==");

        assertEquals(412, stale.status(), stale.toString());
        assertEquals("v2", stale.item().get("text").asText());
        assertEquals("Mg==", stale.item().get("version").asText());
        assertEquals("\"Mg==\"", stale.header("ETag").orElseThrow());
        assertEquals("v2", rest.item(TABLE, "a").get("text").asText(), "nothing changed");
    }

    @Test
    void patchWithAStaleVersionInTheBodyIs409WithTheServerItem() {
        rest.insert(TABLE, todo("a", "v1"));
        rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "v2"), null);

        Exchange stale = rest.patch(TABLE, "a",
                RawTables.JSON.createObjectNode().put("text", "v3").put("version", "MQ=="), null);

        assertEquals(409, stale.status(), stale.toString());
        assertEquals("v2", stale.item().get("text").asText());
        assertEquals("Mg==", stale.item().get("version").asText());
    }

    @Test
    void patchWithoutAnyVersionIsLastWriterWins() {
        rest.insert(TABLE, todo("a", "v1"));

        Exchange patched = rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("complete", true), null);

        assertEquals(200, patched.status());
        assertTrue(patched.item().get("complete").asBoolean());
    }

    @Test
    void aDuplicateInsertIs409WhoseBodyEchoesTheSubmittedItem() {
        rest.insert(TABLE, todo("a", "first"));

        Exchange duplicate = rest.insert(TABLE, todo("a", "second"));

        assertEquals(409, duplicate.status());
        assertEquals(todo("a", "second"), duplicate.item(), "not the server's item: no version, the submitted text");
        assertEquals("first", rest.item(TABLE, "a").get("text").asText());
    }

    @Test
    void deleteSoftDeletesThenTheItemIs404ByIdAndForEveryChange() {
        rest.insert(TABLE, todo("a", "doomed"));

        Exchange deleted = rest.delete(TABLE, "a", "MQ==");

        assertEquals(200, deleted.status(), deleted.toString());
        assertTrue(deleted.item().get("deleted").asBoolean());
        assertEquals("Mg==", deleted.item().get("version").asText());
        assertEquals(404, rest.get(TABLE, "a").status());
        assertEquals(404, rest.delete(TABLE, "a", "Mg==").status(), "deleting it again");
        assertEquals(404, rest.delete(TABLE, "a", null).status());
        assertEquals(404, rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "x"), "Mg==").status());
    }

    @Test
    void deletingAnItemSomeoneElseDeletedIs404WhateverVersionIsSent() {
        rest.insert(TABLE, todo("a", "v1"));
        rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "v2"), null);
        assertEquals(200, rest.delete(TABLE, "a", "Mg==").status(), "another client deletes it");

        assertEquals(404, rest.delete(TABLE, "a", "MQ==").status(), "a version from before the edit: no 412");
        rest.insert("PlainItem", RawTables.JSON.createObjectNode().put("id", "p").put("text", "plain"));
        assertEquals(200, rest.delete("PlainItem", "p", null).status());
        assertEquals(404, rest.delete("PlainItem", "p", "MQ==").status(), "removed for good");
    }

    @Test
    void deleteWithAStaleIfMatchIs412AndDeletesNothing() {
        rest.insert(TABLE, todo("a", "v1"));
        rest.patch(TABLE, "a", RawTables.JSON.createObjectNode().put("text", "v2"), null);

        Exchange stale = rest.delete(TABLE, "a", "MQ==");

        assertEquals(412, stale.status(), stale.toString());
        assertEquals("v2", stale.item().get("text").asText());
        assertEquals(200, rest.get(TABLE, "a").status());
    }

    @Test
    void aListHidesDeletedItemsUnlessIncludeDeletedIsAsked() {
        rest.insert(TABLE, todo("a", "kept"));
        rest.insert(TABLE, todo("b", "deleted"));
        rest.delete(TABLE, "b", null);

        List<String> live = ids(list(Map.of("$orderby", "id")));
        JsonNode all = list(Map.of("$orderby", "id", "__includeDeleted", "true"));

        assertEquals(List.of("a"), live);
        assertEquals(List.of("a", "b"), ids(all));
        assertTrue(all.get(1).get("deleted").asBoolean());
    }

    @Test
    void inlinecountAllpagesWrapsThePageWithTheTotalCount() {
        for (String id : List.of("a", "b", "c")) {
            rest.insert(TABLE, todo(id, id));
        }

        JsonNode page = list(Map.of("$inlinecount", "allpages", "$top", "2", "$orderby", "id"));

        assertTrue(page.isObject(), page.toString());
        assertEquals(3, page.get("count").asInt());
        assertEquals(List.of("a", "b"), ids(page.get("results")));
    }

    @Test
    void aListWithoutTopIsAPageOf50AndTopIsLimitedTo1000() {
        for (int i = 0; i < 55; i++) {
            rest.insert(TABLE, todo(String.format("i%02d", i), "item " + i));
        }

        assertEquals(50, list(Map.of()).size(), "the default page");
        assertEquals(55, list(Map.of("$top", "1000")).size());
        assertEquals(List.of("i52", "i53", "i54"), ids(list(Map.of("$orderby", "id", "$skip", "52"))));
        Exchange tooMany = rest.list(TABLE, Map.of("$top", "1001"));
        assertEquals(400, tooMany.status(), tooMany.toString());
    }

    @Test
    void aKeysetCursorPagesThroughEqualTimestampsExactlyOnce() {
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("k%02d", i);
            rest.insert(TABLE, todo(id, "item " + i));
            inserted.add(id);
        }
        Instant tie = Instant.parse("2030-01-01T00:00:00.123Z");
        setUpdatedAt(inserted.subList(5, 20), tie);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        while (true) {
            Map<String, String> page = new LinkedHashMap<>();
            if (cursor != null) {
                page.put("$filter", cursor);
            }
            page.put("$orderby", "updatedAt,id");
            page.put("$top", "4");
            page.put("__includeDeleted", "true");
            JsonNode items = list(page);
            items.forEach(item -> seen.add(item.get("id").asText()));
            if (items.size() < 4) {
                break;
            }
            JsonNode last = items.get(items.size() - 1);
            String at = "datetimeoffset'" + last.get("updatedAt").asText() + "'";
            cursor = "(updatedAt gt " + at + ") or ((updatedAt eq " + at + ") and (id gt '"
                    + last.get("id").asText() + "'))";
        }

        assertEquals(25, seen.size(), "none repeated: " + seen);
        assertEquals(new TreeSet<>(inserted), new TreeSet<>(seen), "none lost");
        assertEquals(inserted.subList(5, 20), seen.subList(10, 25), "the tied rows come last, ordered by id");
    }

    @Test
    void filtersOnBooleansDatesAndOrWork() {
        rest.insert(TABLE, todo("a", "open"));
        rest.insert(TABLE, todo("b", "done").put("complete", true));
        rest.insert(TABLE, todo("c", "open too"));

        assertEquals(List.of("a", "c"), ids(list(Map.of("$filter", "complete eq false", "$orderby", "id"))));
        assertEquals(List.of("b"), ids(list(Map.of("$filter", "not (complete eq false)"))));
        assertEquals(List.of("a", "b"), ids(list(Map.of("$filter", "(id eq 'a') or (id eq 'b')", "$orderby", "id"))));
        assertEquals(3, list(Map.of("$filter", "updatedAt gt datetimeoffset'2001-01-01T00:00:00.000Z'")).size());
        assertEquals(0, list(Map.of("$filter", "updatedAt gt datetimeoffset'2999-01-01T00:00:00.000Z'")).size());
        assertEquals(List.of("b"), ids(list(Map.of("$filter", "text eq 'done'"))));
    }

    @Test
    void stringFunctionsMatchOnlyWhereTheServerSupportsThem() {
        rest.insert(TABLE, todo("a", "buy milk"));
        int expected = stringFunctionsMatch() ? 1 : 0;

        assertEquals(expected, list(Map.of("$filter", "startswith(text,'buy')")).size());
        assertEquals(expected, list(Map.of("$filter", "endswith(text,'milk')")).size());
        assertEquals(expected, list(Map.of("$filter", "substringof('y m',text)")).size());
    }

    @Test
    void requestsWithoutTheApiVersionOrWithAnotherAreRejected() {
        for (String apiVersion : new String[] {null, "1.0.0", "3.0.0"}) {
            Exchange rejected = rest.send(apiVersion, "GET", "tables/" + TABLE, null);

            assertEquals(400, rejected.status(), apiVersion + ": " + rejected);
            assertTrue(rejected.json().get("error").asText().contains("ZUMO-API-VERSION"), rejected.toString());
        }
        assertEquals(200, rest.send("2.0.1", "GET", "tables/" + TABLE, null).status(), "any 2.0.x");
    }

    @Test
    void anUnknownTableIsAnHtml404AndABadFilterA500() {
        Exchange unknown = rest.list("NoSuchTable", Map.of());
        assertEquals(404, unknown.status());
        assertTrue(unknown.header("Content-Type").orElseThrow().startsWith("text/html"), unknown.toString());

        Exchange badFilter = rest.list(TABLE, Map.of("$filter", "text eq"));
        assertEquals(500, badFilter.status());
        assertTrue(badFilter.json().has("error"), badFilter.toString());
    }

    @Test
    void aTableWithoutSoftDeleteForgetsDeletedItems() {
        rest.insert("PlainItem", RawTables.JSON.createObjectNode().put("id", "p").put("text", "plain"));

        assertEquals(200, rest.delete("PlainItem", "p", null).status());

        assertEquals(404, rest.get("PlainItem", "p").status());
        assertEquals(0, list("PlainItem", Map.of("__includeDeleted", "true")).size());
    }

    private JsonNode list(Map<String, String> parameters) {
        return list(TABLE, parameters);
    }

    private JsonNode list(String table, Map<String, String> parameters) {
        Exchange listed = rest.list(table, parameters);
        assertEquals(200, listed.status(), "GET " + table + " " + parameters + ": " + listed);
        return listed.json();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static ObjectNode todo(String id, String text) {
        return Devices.todo(id, text, false);
    }
}

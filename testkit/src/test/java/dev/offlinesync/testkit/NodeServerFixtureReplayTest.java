package dev.offlinesync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays, in order, the requests captured from the real azure-mobile-apps 4.0.2 Node server
 * ({@code fixtures/azure-mobile-apps-node-4.0.2.json}, a copy of the shared fixture file) against a fresh
 * fake, and compares status, Content-Type, ETag and body. Generated ids and timestamps are matched one to one:
 * a value the server repeated must be repeated by the fake, and a value it changed must change.
 */
class NodeServerFixtureReplayTest {

    /** Exchanges whose error text comes from V8 or the server's own parser: only the shape is compared. */
    private static final Set<String> OWN_ERROR_WORDING = Set.of("bad-json", "bad-filter");
    private static final Set<String> DATE_FIELDS = Set.of("createdAt", "updatedAt");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private static FakeTableService service;
    private static final Map<String, String> fixtureToFake = new HashMap<>();
    private static final Map<String, String> fakeToFixture = new HashMap<>();

    @BeforeAll
    static void start() {
        service = FakeTableService.builder().clock(new TickingClock(Instant.parse("2026-11-23T23:05:13.261Z")))
                .start().defineTable("TodoItem");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @TestFactory
    List<DynamicTest> replayOfTheRealServersExchanges() throws IOException {
        JsonNode exchanges;
        try (InputStream in = NodeServerFixtureReplayTest.class.getResourceAsStream(
                "/fixtures/azure-mobile-apps-node-4.0.2.json")) {
            exchanges = ZumoHttp.JSON.readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode exchange : exchanges) {
            String name = exchange.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> replay(name, exchange.get("request"),
                    exchange.get("response"))));
        }
        assertEquals(28, tests.size(), "exchanges in the fixture file");
        return tests;
    }

    private static void replay(String name, JsonNode request, JsonNode expected) {
        HttpResponse<String> actual = ZumoHttp.send(toHttpRequest(request));

        assertEquals(expected.get("status").asInt(), actual.statusCode(), name + ": " + actual.body());
        JsonNode headers = expected.get("headers");
        assertEquals(headers.get("content-type").asText(), actual.headers().firstValue("Content-Type").orElse(null));
        JsonNode expectedBody = expected.get("body");
        if (expectedBody.isTextual()) {
            assertEquals(expectedBody.asText(), actual.body());
        } else if (OWN_ERROR_WORDING.contains(name)) {
            assertEquals(Set.of("error"), fieldNames(ZumoHttp.json(actual)));
            assertTrue(ZumoHttp.json(actual).get("error").isTextual());
        } else {
            JsonNode body = ZumoHttp.json(actual);
            assertEquals(expectedBody, translate(body, expectedBody), name);
            if (body.toString().equals(expectedBody.toString())) {
                assertEquals(text(headers, "etag"), actual.headers().firstValue("ETag").orElse(null), name);
            }
        }
        String etag = text(headers, "etag");
        String actualEtag = actual.headers().firstValue("ETag").orElse(null);
        if (etag == null) {
            assertEquals(null, actualEtag, name);
        } else if (etag.startsWith("W/")) {
            assertTrue(actualEtag != null && actualEtag.startsWith("W/\""), name + ": " + actualEtag);
        } else {
            assertEquals(etag, actualEtag, name);
        }
        assertEquals(text(headers, "link"), actual.headers().firstValue("Link").orElse(null), name + ": Link");
    }

    private static HttpRequest toHttpRequest(JsonNode request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service.uri().toString()
                + request.get("path").asText().substring(1)));
        request.get("headers").fields().forEachRemaining(h -> builder.header(h.getKey(), h.getValue().asText()));
        JsonNode body = request.get("body");
        HttpRequest.BodyPublisher publisher = body.isNull() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString());
        return builder.method(request.get("method").asText(), publisher).build();
    }

    /**
     * The fake's body with its generated values (uuid ids, timestamps) replaced by the fixture's values at the
     * same place, as long as they correspond one to one across the whole replay; otherwise left as they are
     * (and the comparison fails).
     */
    private static JsonNode translate(JsonNode body, JsonNode expected) {
        JsonNode copy = body.deepCopy();
        if (copy.isArray()) {
            translateAll(copy, expected);
        } else if (copy.has("results") && expected.has("results")) {
            translateAll(copy.get("results"), expected.get("results"));
        } else if (copy.isObject() && expected.isObject()) {
            translateItem((ObjectNode) copy, expected);
        }
        return copy;
    }

    private static void translateAll(JsonNode items, JsonNode expected) {
        for (int i = 0; i < items.size() && i < expected.size(); i++) {
            translateItem((ObjectNode) items.get(i), expected.get(i));
        }
    }

    private static void translateItem(ObjectNode item, JsonNode expected) {
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            String value = item.get(field).asText();
            boolean generated = DATE_FIELDS.contains(field) || (field.equals("id") && value.matches(UUID));
            if (DATE_FIELDS.contains(field)) {
                assertTrue(value.matches(DATE), value);
            }
            JsonNode fixture = expected.get(field);
            if (generated && fixture != null && fixture.isTextual() && bind(value, fixture.asText())) {
                item.set(field, new TextNode(fixture.asText()));
            }
        }
    }

    private static boolean bind(String fakeValue, String fixtureValue) {
        String known = fakeToFixture.putIfAbsent(fakeValue, fixtureValue);
        String knownFake = fixtureToFake.putIfAbsent(fixtureValue, fakeValue);
        return (known == null || known.equals(fixtureValue)) && (knownFake == null || knownFake.equals(fakeValue));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }
}

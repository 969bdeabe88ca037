package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Acting on the server directly, as another client or an admin, and the service's lifecycle. */
class DirectHelpersTest {

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
    void startBindsLoopbackOnAFreePortAndSetsNodelay() {
        assertTrue(service.uri().toString().matches("http://127\\.0\\.0\\.1:\\d+/"), service.uri().toString());
        assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        assertEquals(50, service.defaultPageSize());
        assertEquals(1000, service.maxTop());
    }

    @Test
    void insertDirectAssignsIdVersionAndTimestampsVisibleOverHttp() {
        ObjectNode item = service.insertDirect("TodoItem", object(j("{'text':'from another client'}")));

        String id = item.get("id").asText();
        assertEquals(36, id.length());
        assertEquals("MQ==", item.get("version").asText());
        assertEquals(item, json(http.get("/tables/TodoItem/" + id)));
    }

    @Test
    void updateDirectBumpsVersionSoTheClientsOldVersionConflicts() {
        service.setClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00.000Z"), ZoneOffset.UTC));
        service.insertDirect("TodoItem", object(j("{'id':'a','text':'v1'}")));
        service.setClock(Clock.fixed(Instant.parse("2026-01-01T00:00:01.000Z"), ZoneOffset.UTC));

        ObjectNode updated = service.updateDirect("TodoItem", "a", object(j("{'text':'v2','version':'stale'}")));
        HttpResponse<String> clientPatch = http.patch("/tables/TodoItem/a", j("{'text':'mine'}"), "\"MQ==\"");

        assertEquals("Mg==", updated.get("version").asText());
        assertEquals("2026-01-01T00:00:01.000Z", updated.get("updatedAt").asText());
        assertEquals("2026-01-01T00:00:00.000Z", updated.get("createdAt").asText());
        assertEquals(412, clientPatch.statusCode());
        assertEquals("v2", json(clientPatch).get("text").asText());
    }

    @Test
    void deleteDirectSoftDeletesAndItemsCanIncludeDeletedOnes() {
        service.insertDirect("TodoItem", object(j("{'id':'a'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b'}")));

        ObjectNode deleted = service.deleteDirect("TodoItem", "a");

        assertEquals(true, deleted.get("deleted").booleanValue());
        assertEquals(List.of("b"), service.items("TodoItem", false).stream().map(i -> i.get("id").asText()).toList());
        assertEquals(2, service.items("TodoItem", true).size());
        assertEquals(true, service.item("TodoItem", "a").orElseThrow().get("deleted").booleanValue());
        assertTrue(service.item("TodoItem", "zz").isEmpty());
    }

    @Test
    void directHelpersRejectUnknownTablesMissingItemsDuplicatesAndBadItems() {
        service.insertDirect("TodoItem", object(j("{'id':'a'}")));

        assertThrows(IllegalArgumentException.class, () -> service.items("Nope", true));
        assertThrows(IllegalStateException.class, () -> service.insertDirect("TodoItem", object(j("{'id':'a'}"))));
        assertThrows(IllegalArgumentException.class,
                () -> service.insertDirect("TodoItem", object(j("{'id':'b','createdAt':'x'}"))));
        assertThrows(IllegalArgumentException.class,
                () -> service.insertDirect("TodoItem", object(j("{'id':'b','tags':[]}"))));
        assertThrows(NoSuchElementException.class, () -> service.updateDirect("TodoItem", "zz", object("{}")));
        assertThrows(NoSuchElementException.class, () -> service.deleteDirect("TodoItem", "zz"));
        assertThrows(IllegalArgumentException.class,
                () -> service.setUpdatedAt("TodoItem", List.of("a", "zz"), Instant.EPOCH));
    }

    @Test
    void setUpdatedAtForcesEqualTimestampsWithoutChangingVersions() {
        service.insertDirect("TodoItem", object(j("{'id':'a'}")));
        service.insertDirect("TodoItem", object(j("{'id':'b'}")));
        service.deleteDirect("TodoItem", "b");

        service.setUpdatedAt("TodoItem", List.of("a", "b"), Instant.parse("2026-05-05T05:05:05.123456Z"));

        for (ObjectNode item : service.items("TodoItem", true)) {
            assertEquals("2026-05-05T05:05:05.123Z", item.get("updatedAt").asText());
        }
        assertEquals("MQ==", service.item("TodoItem", "a").orElseThrow().get("version").asText());
        assertEquals("Mg==", service.item("TodoItem", "b").orElseThrow().get("version").asText());
    }

    @Test
    void defineTableRejectsDuplicatesInAnyCaseAndInvalidNames() {
        assertThrows(IllegalStateException.class, () -> service.defineTable("todoitem"));
        assertThrows(IllegalArgumentException.class, () -> service.defineTable("bad-name"));
        assertThrows(IllegalArgumentException.class, () -> FakeTableService.builder().maxTop(0));
    }

    @Test
    void concurrentInsertsAndUpdatesAreAllApplied() throws Exception {
        service.insertDirect("TodoItem", object(j("{'id':'counter'}")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        http.post("/tables/TodoItem", j("{'id':'t" + thread + "-" + i + "'}"));
                        http.patch("/tables/TodoItem/counter", j("{'by':'t" + thread + "'}"), null);
                    }
                    return thread;
                }));
            }
            for (Future<Integer> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(201, service.items("TodoItem", true).size());
        Set<String> ids = new HashSet<>();
        service.items("TodoItem", true).forEach(item -> ids.add(item.get("id").asText()));
        assertEquals(201, ids.size());
        assertEquals(java.util.Base64.getEncoder().encodeToString("201".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                service.item("TodoItem", "counter").orElseThrow().get("version").asText());
    }

    @Test
    void closeStopsTheServer() {
        FakeTableService other = FakeTableService.start();
        ZumoHttp client = new ZumoHttp(other.uri());
        assertEquals(404, client.get("/tables/x").statusCode());

        other.close();
        other.close();

        assertTrue(ZumoHttp.sendExpectingFailure(client.request("/tables/x").GET().build()) != null);
    }
}

package dev.offlinesync.testkit;

import static dev.offlinesync.testkit.ZumoHttp.enc;
import static dev.offlinesync.testkit.ZumoHttp.j;
import static dev.offlinesync.testkit.ZumoHttp.json;
import static dev.offlinesync.testkit.ZumoHttp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fault injection for client tests, and the log of received requests. */
class FaultInjectionAndRequestLogTest {

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
    void failNextRequestsAnswersTheStatusThenRecovers() {
        service.failNextRequests(2, 503);

        HttpResponse<String> first = http.post("/tables/TodoItem", j("{'id':'a'}"));
        HttpResponse<String> second = http.get("/tables/TodoItem");
        HttpResponse<String> third = http.post("/tables/TodoItem", j("{'id':'a'}"));

        assertEquals(503, first.statusCode());
        assertEquals("{\"error\":\"Injected failure\"}", first.body());
        assertEquals(503, second.statusCode());
        assertEquals(201, third.statusCode());
        assertEquals(3, service.requests().size(), "failed requests are recorded too");
    }

    @Test
    void failListRequestAfterFailsOnlyTheNthListRequestOnce() {
        service.insertDirect("TodoItem", object(j("{'id':'a'}")));
        service.failListRequestAfter(2, 500);
        List<Integer> statuses = new ArrayList<>();

        statuses.add(http.get("/tables/TodoItem").statusCode());
        statuses.add(http.get("/tables/TodoItem/a").statusCode());
        statuses.add(http.patch("/tables/TodoItem/a", j("{'text':'x'}"), null).statusCode());
        statuses.add(http.get("/tables/TodoItem?$top=1").statusCode());
        statuses.add(http.get("/tables/TodoItem?$skip=1").statusCode());
        statuses.add(http.get("/tables/TodoItem").statusCode());

        assertEquals(List.of(200, 200, 200, 200, 500, 200), statuses);
    }

    @Test
    void interceptorCanAnswerAnyBodyForMatchingRequests() {
        service.intercept(request -> request.isList()
                ? FakeResponse.of(200, "application/json", "[{\"id\":", Map.of("Retry-After", "1"))
                : null);

        HttpResponse<String> list = http.get("/tables/TodoItem");
        HttpResponse<String> insert = http.post("/tables/TodoItem", j("{'id':'a'}"));

        assertEquals("[{\"id\":", list.body());
        assertEquals("1", list.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(201, insert.statusCode());
    }

    @Test
    void interceptorCanDropTheConnection() {
        service.intercept(request -> FakeResponse.disconnect());

        assertNotNull(ZumoHttp.sendExpectingFailure(http.request("/tables/TodoItem").GET().build()));

        service.intercept(null);
        assertEquals(200, http.get("/tables/TodoItem").statusCode());
    }

    @Test
    void clearFaultsRemovesEveryRule() {
        service.failNextRequests(5, 500);
        service.failListRequestAfter(0, 500);
        service.intercept(request -> FakeResponse.error(418, "teapot"));

        service.clearFaults();

        assertEquals(200, http.get("/tables/TodoItem").statusCode());
    }

    @Test
    void faultSettingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> service.failNextRequests(1, 42));
        assertThrows(IllegalArgumentException.class, () -> service.failNextRequests(-1, 500));
        assertThrows(IllegalArgumentException.class, () -> service.failListRequestAfter(-1, 500));
        assertThrows(IllegalArgumentException.class, () -> FakeResponse.error(600, "x"));
    }

    @Test
    void requestLogRecordsMethodDecodedPathAndQueryHeadersAndBody() {
        http.post("/tables/TodoItem", j("{'id':'a b','text':'ü'}"));
        http.patch("/tables/TodoItem/a%20b", j("{'text':'x'}"), "\"MQ==\"");
        http.get("/tables/TodoItem?$filter=" + enc("text eq 'x y'") + "&$top=5&__includeDeleted=true");

        List<RecordedRequest> requests = service.requests();

        assertEquals(3, requests.size());
        RecordedRequest insert = requests.get(0);
        assertEquals("POST", insert.method());
        assertEquals("/tables/TodoItem", insert.path());
        assertEquals(j("{'id':'a b','text':'ü'}"), insert.body());
        assertEquals("application/json", insert.header("content-type"));
        assertEquals("2.0.0", insert.header("ZUMO-API-VERSION"));
        RecordedRequest patch = requests.get(1);
        assertEquals("/tables/TodoItem/a b", patch.path());
        assertEquals("TodoItem", patch.table());
        assertEquals("a b", patch.itemId());
        assertEquals("\"MQ==\"", patch.header("If-Match"));
        RecordedRequest list = requests.get(2);
        assertTrue(list.isList());
        assertEquals("text eq 'x y'", list.queryParameter("$filter"));
        assertEquals(List.of("$filter", "$top", "__includeDeleted"), List.copyOf(list.query().keySet()));
        assertEquals("", list.body());
    }

    @Test
    void clearRequestsEmptiesTheLog() {
        http.get("/tables/TodoItem");

        service.clearRequests();
        http.get("/tables/TodoItem/x");

        assertEquals(1, service.requests().size());
        assertEquals("x", service.requests().get(0).itemId());
    }

    @Test
    void unexpectedFailureInAnInterceptorIsA500WithJsonError() {
        service.intercept(request -> {
            throw new IllegalStateException("boom in test hook");
        });

        HttpResponse<String> response = http.get("/tables/TodoItem");

        assertEquals(500, response.statusCode());
        assertEquals("boom in test hook", json(response).get("error").asText());
    }
}

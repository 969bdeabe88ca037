package dev.offlinesync.protocol.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.offlinesync.OperationError;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Push answers a correct server never sends: each is checked against the operation before anything of it is
 * written. A bad answer to one operation (while the server answers a probe request) parks that operation with a
 * {@link OperationError.Reason#BAD_ANSWER} error; the next good answer completes it.
 */
class BadPushAnswerTest extends HostileServer {

    private static ResponseDefinitionBuilder item(int status, ObjectNode item) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(item.toString());
    }

    /** The server answers list requests (the probe after a bad answer): the bad answer is about one operation. */
    private static void serverOtherwiseHealthy() {
        server.stubFor(get(urlPathEqualTo(TABLE_PATH)).willReturn(answer()));
    }

    private static ObjectNode local(String id) {
        return JSON.createObjectNode().put("id", id).put("text", "mine").put("complete", false);
    }

    /** Pushes, expecting one parked operation with a BAD_ANSWER error; returns that error. */
    private static OperationError parkedWithABadAnswer(Device device) {
        PushResult result = failure(device.client().syncContext().push(), PushFailedException.class).result();
        assertEquals(null, result.abortReason(), "one bad answer is not an outage");
        OperationError error = result.errors().get(0);
        assertEquals(OperationError.Reason.BAD_ANSWER, error.reason());
        return error;
    }

    private static Map<String, Object> rowOf(Device device, String id) {
        return device.store().lookup(TABLE, id).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anInsertAnsweredWithAnotherItemWritesNothing(Store store) {
        Device device = device(store);
        device.todos().insert(local("p1"));
        serverOtherwiseHealthy();
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(item(201, row("other", T1))));

        OperationError error = parkedWithABadAnswer(device);

        assertTrue(error.message().contains("another item"), error.message());
        assertEquals(List.of("p1"), ids(device), "no phantom row");
        assertEquals(null, rowOf(device, "p1").get("version"), "nothing of the answer was applied");
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(item(201, row("p1", T1))));
        error.keepAndRetry(device.todos().lookup("p1").orElseThrow());
        done(device.client().syncContext().push());
        assertEquals("MQ==", rowOf(device, "p1").get("version"), "a good answer afterwards completes it");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUpdateAnsweredWithAnotherItemWritesNothing(Store store) {
        Device device = seeded(store);
        Map<String, Object> before = rowOf(device, "a");
        device.todos().update(local("a").put("text", "edited"));
        serverOtherwiseHealthy();
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(item(200, row("b", T3).put("version", "Mg=="))));

        parkedWithABadAnswer(device);

        assertEquals(before.get("version"), rowOf(device, "a").get("version"), "a keeps the version it is based on");
        assertEquals("row b", rowOf(device, "b").get("text"), "b is untouched");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anInsertAnsweredWithoutABodyKeepsTheOperationAndTheRow(Store store) {
        Device device = device(store);
        device.todos().insert(local("p1"));
        serverOtherwiseHealthy();
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(204)));

        parkedWithABadAnswer(device);

        assertEquals("mine", rowOf(device, "p1").get("text"));
        assertEquals(1, device.client().syncContext().pendingOperationCount());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aBadAnswerWhileTheServerFailsTheProbeTooIsAnOutageNotAnError(Store store) {
        Device device = device(store);
        device.todos().insert(local("p1"));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "text/html").withBody("<html>captive portal</html>")));
        server.stubFor(get(urlPathEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>captive portal</html>")));

        PushResult result = failure(device.client().syncContext().push(), PushFailedException.class).result();

        assertEquals(PushResult.AbortReason.SERVER, result.abortReason());
        assertInstanceOf(ProtocolException.class, result.abortCause());
        assertEquals(List.of(), device.client().syncContext().errors(), "an outage turns no operation into an error");
        assertEquals(1, device.client().syncContext().pendingOperationCount());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aDeleteAnsweredWithTheItemNeverBringsItBack(Store store) {
        Device device = seeded(store);
        device.todos().deleteById("a");
        server.stubFor(delete(urlEqualTo(TABLE_PATH + "/a")).willReturn(item(200, row("a", T3))));

        done(device.client().syncContext().push());

        assertEquals(List.of("b"), ids(device), "a table without soft delete answers with the item: only a confirmation");
        assertEquals(0, device.client().syncContext().pendingOperationCount());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aConflictAnswerAboutAnotherItemIsNotTakenAsTheServersItem(Store store) {
        Device device = seeded(store);
        device.todos().update(local("a").put("text", "edited"));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(item(412, row("b", T3).put("version", "Mg=="))));
        server.stubFor(get(urlEqualTo(TABLE_PATH + "/a")).willReturn(item(200, row("a", T3).put("version", "Mw=="))));

        PushResult result = failure(device.client().syncContext().push(), PushFailedException.class).result();

        OperationError error = result.errors().get(0);
        assertEquals(OperationError.Reason.CONFLICT, error.reason());
        assertEquals("a", error.serverItem().get("id").asText(), "the server's own item, fetched");
        assertEquals("Mw==", error.serverItem().get("version").asText());
    }
}

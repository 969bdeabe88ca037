package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import java.util.Map;

/** A Mobile Services 2014 server as WireMock plays it: the Node runtime's answers, table {@code todoitem}. */
abstract class MobileServicesTestBase extends ProtocolTestBase {

    static final String MS_TABLE = "todoitem";
    static final String MS_PATH = "/tables/" + MS_TABLE;
    static final String KEY = "zumo-app-key-1";
    static final String V1 = "AAAAAAAAB9E=";
    static final String V2 = "AAAAAAAAB9I=";
    static final String V3 = "AAAAAAAAB9M=";
    static final String V4 = "AAAAAAAAB9Q=";
    static final String C1 = "2014-06-01T10:00:00.123Z";
    static final String C1_NEXT_MS = "2014-06-01T10:00:00.124Z";
    static final String U2 = "2014-06-01T10:05:00.456Z";
    static final String U3 = "2014-06-01T10:06:30.789Z";

    /** A client of the Mobile Services dialect with the application key, small timeouts and no retries. */
    SyncClient mobileServicesClient() {
        return client(b -> b.dialect(ProtocolDialect.MOBILE_SERVICES).applicationKey(KEY));
    }

    static SyncTable<ObjectNode> todoitems(SyncClient client) {
        return client.table(MS_TABLE, Map.of("text", ColumnType.STRING, "complete", ColumnType.BOOLEAN));
    }

    /** A row as the server answers with {@code __systemproperties=*}. */
    static ObjectNode row(String id, String text, boolean complete, String version, String updatedAt) {
        return JSON.createObjectNode().put("id", id).put("text", text).put("complete", complete)
                .put("__createdAt", C1).put("__updatedAt", updatedAt).put("__version", version)
                .put("__deleted", false);
    }

    /** A JSON answer as the runtime sends it; the ETag is the body's {@code __version} when it has one. */
    static ResponseDefinitionBuilder answer(int status, String body) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("x-zumo-server-version", "nodev1-1.0.1")
                .withBody(body);
        ObjectNode node = body.startsWith("{") ? json(body) : null;
        if (node != null && node.path("__version").isTextual()) {
            answer.withHeader("ETag", "\"" + node.get("__version").textValue() + "\"");
        }
        return answer;
    }

    /** The runtime's error envelope. */
    static ResponseDefinitionBuilder envelope(int status, String message) {
        return answer(status, JSON.createObjectNode().put("code", status).put("error", "Error: " + message)
                .toString());
    }

    /** The date literal of the dialect. */
    static String literal(String date) {
        return "datetimeoffset'" + date + "'";
    }
}

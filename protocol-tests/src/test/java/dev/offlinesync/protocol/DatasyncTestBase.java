package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import java.util.List;
import java.util.Map;

/** A Datasync 3.0.0 server as WireMock plays it: the CommunityToolkit server's answers, table {@code todoitem}. */
abstract class DatasyncTestBase extends ProtocolTestBase {

    static final String DS_TABLE = "todoitem";
    static final String DS_PATH = "/tables/" + DS_TABLE;
    static final String V1 = "Pf2zKK7bKUyM2r9yM3e5tA==";
    static final String V2 = "q8Xw0mD0fkS9m3b1Q2Vn0A==";
    static final String V3 = "Zm9vYmFyYmF6cXV4MTIzNA==";
    static final String V4 = "c2Vjb25kLXZlcnNpb24tNA==";
    static final String U1 = "2024-08-23T20:22:54.291Z";
    static final String U1_NEXT_MS = "2024-08-23T20:22:54.292Z";
    static final String U2 = "2024-08-23T20:25:01.007Z";
    static final String U3 = "2024-08-23T20:26:12.450Z";

    /** A client of the Datasync dialect with small timeouts and no retries. */
    SyncClient datasyncClient() {
        return client(b -> b.dialect(ProtocolDialect.DATASYNC));
    }

    static SyncTable<ObjectNode> todoitems(SyncClient client) {
        return client.table(DS_TABLE, Map.of("text", ColumnType.STRING, "complete", ColumnType.BOOLEAN));
    }

    /** An entity as the server answers it: updatedAt, version, deleted and no createdAt. */
    static ObjectNode entity(String id, String text, boolean complete, String version, String updatedAt) {
        return JSON.createObjectNode().put("id", id).put("updatedAt", updatedAt).put("version", version)
                .put("deleted", false).put("text", text).put("complete", complete);
    }

    /** A single-entity answer with the server's ETag and Last-Modified headers. */
    static ResponseDefinitionBuilder entityAnswer(int status, ObjectNode entity) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("ETag", "\"" + entity.get("version").textValue() + "\"")
                .withHeader("Last-Modified", "Fri, 23 Aug 2024 20:22:54 GMT")
                .withBody(entity.toString());
    }

    /** A status with no body, as the server answers 204, 404 and 410. */
    static ResponseDefinitionBuilder noBody(int status) {
        return aResponse().withStatus(status);
    }

    /** A list answer {@code {items, count, nextLink}}; {@code nextLink} null ends the answer. */
    static ResponseDefinitionBuilder items(String nextLink, ObjectNode... entities) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("items").addAll(List.of(entities));
        body.putNull("count");
        if (nextLink == null) {
            body.putNull("nextLink");
        } else {
            body.put("nextLink", nextLink);
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body.toString());
    }

    /** The date literal of the dialect. */
    static String cast(String date) {
        return "cast(" + date + ",Edm.DateTimeOffset)";
    }

    /** Brings these entities into the local table by a real pull, then forgets that exchange. */
    static void seedByDatasyncPull(SyncTable<ObjectNode> table, ObjectNode... entities) {
        StubMapping list = server.stubFor(get(urlPathEqualTo("/tables/" + table.name()))
                .willReturn(items(null, entities)));
        done(table.pull(Query.all(), null));
        server.removeStub(list);
        server.resetRequests();
    }
}

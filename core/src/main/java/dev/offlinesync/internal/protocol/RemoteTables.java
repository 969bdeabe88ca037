package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The server's tables as the engine uses them: each operation built by the {@link Protocol}, sent by the
 * {@link TableClient}, and its answer read back in local column names. Thread-safe.
 */
public final class RemoteTables {

    private static final System.Logger LOG = System.getLogger(RemoteTables.class.getName());

    private final Protocol protocol;
    private final TableClient client;
    private final ObjectMapper mapper;

    public RemoteTables(Protocol protocol, TableClient client, ObjectMapper mapper) {
        this.protocol = protocol;
        this.client = client;
        this.mapper = mapper;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The body an insert or update of this local item sends. */
    public ObjectNode body(ObjectNode localItem) {
        return protocol.body(localItem);
    }

    /** Inserts the item (a body from {@link #body}); the server's item. */
    public ObjectNode insert(String table, ObjectNode body) {
        HttpCall call = protocol.insert(table, body);
        return item(call, client.send(call));
    }

    /**
     * Updates the item with the dialect's method, based on {@code version} when known; the server's item.
     * {@code localItem} is the local row the body was made from (what a partial answer leaves out stays as it is).
     */
    public ObjectNode update(String table, String id, ObjectNode localItem, ObjectNode body, String version) {
        HttpCall call = protocol.update(table, id, body, version);
        return protocol.updateAnswer(localItem, body, item(call, client.send(call)));
    }

    /** Deletes the item; the server's (soft-deleted) item, or {@code null} when it sent none or had no such item. */
    public ObjectNode delete(String table, String id, String version) {
        HttpCall call = protocol.delete(table, id, version);
        try {
            TableClient.Response response = client.send(call);
            return response.body().length == 0 ? null : item(call, response);
        } catch (HttpStatusException e) {
            if (protocol.isGone(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Brings back a soft-deleted item; the server's item, or {@code null} when the server has no such item at all
     * (removed for good, or a table without soft delete, which a server may say by refusing the undelete itself).
     */
    public ObjectNode undelete(String table, String id, ObjectNode body) {
        try {
            return itemOrNull(protocol.undelete(table, id, body));
        } catch (HttpStatusException e) {
            if (protocol.refusesUndelete(e)) {
                return null; // the table keeps no deleted items: a deleted one is gone for good
            }
            throw e;
        }
    }

    /** One item, or {@code null} when the server has none with this id. */
    public ObjectNode get(String table, String id) {
        return itemOrNull(protocol.get(table, id));
    }

    /**
     * The server's item behind a duplicate insert's 409: the one the answer carried where the dialect sends the
     * server's item, else fetched; {@code null} when the server keeps the id only as a deleted item.
     */
    public ObjectNode duplicateOf(String table, String id, ConflictException conflict) {
        ObjectNode carried = conflict.serverItem();
        ObjectNode server = protocol.duplicateInsertCarriesServerItem() && carried != null
                && id.equals(carried.path("id").asText(null)) ? carried : get(table, id);
        return server == null || server.path(SystemColumns.DELETED).asBoolean(false) ? null : server;
    }

    /** Whether the failure says the item is not on the server (rather than the table). */
    public boolean isGone(HttpStatusException failure) {
        return protocol.isGone(failure);
    }

    /**
     * One page of a list, parsed as a stream straight into rows; {@code types} gives a local column's type (null for
     * a field the table does not define).
     */
    public Page list(String table, ListQuery query, Function<String, ColumnType> types) {
        HttpCall call = protocol.list(table, query);
        return client.read(call, (body, headers) -> protocol.page(mapper, body, headers, call.what(), types),
                " (maxResponseBytes): nothing of it was applied; lower the pull page size, or raise maxResponseBytes");
    }

    private ObjectNode itemOrNull(HttpCall call) {
        try {
            return item(call, client.send(call));
        } catch (HttpStatusException e) {
            if (protocol.isGone(e)) {
                return null;
            }
            throw e;
        }
    }

    private ObjectNode item(HttpCall call, TableClient.Response response) {
        String what = call.what();
        if (response.body().length == 0) {
            throw new ProtocolException("The server answered " + response.status() + " with no body to " + what
                    + ": the client needs the server's copy of the item (its version) to finish the operation, so it"
                    + " stays queued and the next push sends it again; make the server answer with the item");
        }
        JsonNode node;
        try {
            node = mapper.readTree(response.body());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the answer to {0} is not JSON: {1}", what,
                    new String(response.body(), StandardCharsets.UTF_8));
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON ("
                    + response.body().length + " bytes; logged at DEBUG): nothing of it was applied; check the service"
                    + " URI points at the table service", e);
        }
        if (node == null || !node.isObject()) {
            LOG.log(System.Logger.Level.DEBUG, "the answer to {0} is not an object: {1}", what,
                    new String(response.body(), StandardCharsets.UTF_8));
            throw new ProtocolException("The server's answer to " + what + " is JSON but not an object (logged at"
                    + " DEBUG): nothing of it was applied; check the server's table configuration");
        }
        ObjectNode item = (ObjectNode) node;
        if (!item.path("id").isTextual() || item.path("id").textValue().isEmpty()) {
            throw new ProtocolException("The server's answer to " + what + " has no string 'id': nothing of it was"
                    + " applied; check that the table's id column is a string and that the service URI points at the"
                    + " table service");
        }
        return protocol.toLocal(item);
    }
}

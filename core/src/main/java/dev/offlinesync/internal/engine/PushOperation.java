package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.TableOperation;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.internal.queue.QueuedOperation;
import java.util.Iterator;
import java.util.Map;

/** A queued operation being pushed, as the delegate sees it. */
final class PushOperation implements TableOperation {

    private final QueuedOperation op;
    private final TableClient client;
    private volatile ObjectNode item;
    private volatile boolean cancelled;

    PushOperation(QueuedOperation op, ObjectNode item, TableClient client) {
        this.op = op;
        this.item = item;
        this.client = client;
    }

    @Override
    public OperationKind kind() {
        return op.kind();
    }

    @Override
    public String table() {
        return op.table();
    }

    @Override
    public String itemId() {
        return op.itemId();
    }

    @Override
    public ObjectNode item() {
        return item.deepCopy();
    }

    @Override
    public void setItem(ObjectNode newItem) {
        ObjectNode copy = newItem.deepCopy();
        copy.put("id", op.itemId());
        this.item = copy;
    }

    @Override
    public ObjectNode execute() {
        ObjectNode current = item;
        String version = current.path("version").isTextual() ? current.get("version").textValue() : null;
        ObjectNode body = current.deepCopy();
        body.remove(client.dialect().readOnlySystemColumns());
        return switch (op.kind()) {
            case INSERT -> insert(body, version);
            case UPDATE -> update(body, version);
            case DELETE -> client.delete(op.table(), op.itemId(), version);
        };
    }

    @Override
    public void cancelPush() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The item as it was last sent (or set). */
    ObjectNode sentItem() {
        return item.deepCopy();
    }

    QueuedOperation queued() {
        return op;
    }

    /**
     * POSTs the item. A 409 means the id exists on the server; the real Node server's 409 body echoes what was
     * sent, so the server's actual item is fetched. When that item already holds exactly what was sent (an
     * earlier attempt of this insert reached the server before the connection failed), the insert is done. When
     * the item carries the server item's current version, the conflict was resolved "use client" (the delegate's
     * {@code setItem}, or {@code OperationError.keepAndRetry}): the item is sent as an update of the server's
     * item, with that version as {@code If-Match}.
     */
    private ObjectNode insert(ObjectNode body, String version) {
        try {
            return client.insert(op.table(), body);
        } catch (ConflictException e) {
            if (e.status() != 409) {
                throw e;
            }
            ObjectNode serverItem = client.get(op.table(), op.itemId());
            if (serverItem != null && holdsAllOf(serverItem, body)) {
                return serverItem;
            }
            if (serverItem != null && version != null && version.equals(serverItem.path("version").asText(null))) {
                return update(body, version);
            }
            throw new ConflictException("The server already has an item with id '" + op.itemId() + "' in "
                    + op.table() + " (409): resolve it, e.g. take the server's item or update it with the server's"
                    + " version", 409, e.body(), serverItem);
        }
    }

    /**
     * PATCHes the item with {@code If-Match}. A conflict whose server item already holds exactly what was sent
     * is this update itself: an earlier attempt reached the server but its answer was lost (the HTTP client
     * retries after a broken connection, and a push retries after a crash), so the update is done.
     */
    private ObjectNode update(ObjectNode body, String version) {
        try {
            return client.update(op.table(), op.itemId(), body, version);
        } catch (ConflictException e) {
            ObjectNode serverItem = e.serverItem();
            if (serverItem != null && holdsAllOf(serverItem, body)) {
                return serverItem;
            }
            throw e;
        }
    }

    private static boolean holdsAllOf(ObjectNode serverItem, ObjectNode sent) {
        Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode server = serverItem.get(field.getKey());
            if (server == null || !server.equals((a, b) -> sameValue(a, b), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static int sameValue(JsonNode a, JsonNode b) {
        if (a instanceof NumericNode && b instanceof NumericNode) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    }
}

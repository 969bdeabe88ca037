package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.TableOperation;
import dev.offlinesync.internal.protocol.RemoteTables;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A queued operation being pushed, as the delegate sees it.
 *
 * <p>Every body is recorded in the queue (through {@code beforeSend}, committed) before it goes out, because
 * its answer may be lost after the server applied it. A conflict whose server item holds one of those bodies is
 * then this client's own earlier write, not another client's change: the operation is repeated against the
 * server's version instead of failing on itself.
 */
final class PushOperation implements TableOperation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueuedOperation op;
    private final RemoteTables client;
    private final Consumer<String> beforeSend;
    private final List<ObjectNode> sentBefore = new ArrayList<>();
    private String lastRecorded;
    private volatile ObjectNode item;
    /** The item as taken from the store, and the first body built from it (sent unless the delegate sets another). */
    private final ObjectNode taken;
    private final ObjectNode takenBody;
    private volatile boolean cancelled;
    /**
     * A fresh copy of {@code takenBody} not sent yet: its text is the one recorded when the operation was taken
     * (the last one recorded, as the item was never set), so recording it needs no printing to compare.
     */
    private ObjectNode unsentTakenCopy;
    /** The text recorded for {@code takenBody} when the operation was taken. */
    private final String takenText;
    /** The bodies the operation had recorded before it was taken: what it goes back to when released unsent. */
    final List<String> sentBeforeTake;
    /**
     * The failure thrown when a conflict without the server's item (409 or 412) was followed by a fetch that found
     * the item gone: it keeps the conflict's status, yet says the item was deleted on the server.
     */
    private volatile HttpStatusException foundGone;

    /**
     * @param firstBody      the body built from {@code item}, whose text is the last one {@code op} recorded: it is
     *                       not built, printed or parsed again
     * @param sentBeforeTake the bodies recorded before this push took the operation
     */
    PushOperation(QueuedOperation op, ObjectNode item, ObjectNode firstBody, List<String> sentBeforeTake,
                  RemoteTables client, Consumer<String> beforeSend) {
        this.op = op;
        this.sentBeforeTake = sentBeforeTake;
        this.item = item;
        this.taken = item;
        this.takenBody = firstBody;
        this.client = client;
        this.beforeSend = beforeSend;
        List<String> sent = op.sent();
        this.lastRecorded = sent.isEmpty() ? null : sent.get(sent.size() - 1);
        this.takenText = lastRecorded;
        for (int i = 0; i < sent.size(); i++) {
            if (i == sent.size() - 1) {
                sentBefore.add(firstBody);
            } else if (parse(sent.get(i)) instanceof ObjectNode body) {
                sentBefore.add(body);
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a body recorded in the queue is not JSON", e);
        }
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
        String version = current.path(SystemColumns.VERSION).isTextual()
                ? current.get(SystemColumns.VERSION).textValue() : null;
        // the body recorded when the operation was taken, unless the delegate set another item
        ObjectNode body;
        if (current == taken) {
            body = takenBody.deepCopy();
            unsentTakenCopy = body;
        } else {
            body = client.body(current);
        }
        return switch (op.kind()) {
            case INSERT -> insert(body, version);
            case UPDATE -> op.recreate() ? recreate(body, version) : update(body, version);
            case DELETE -> delete(body, version);
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

    /** Whether a failure of this operation says its item is gone on the server (deleted, or removed for good). */
    boolean saysGone(HttpStatusException failure) {
        return failure == foundGone || client.isGone(failure);
    }

    private void recordSent(ObjectNode body) {
        if (body == unsentTakenCopy && takenText != null && takenText.equals(lastRecorded)) {
            unsentTakenCopy = null; // its text is the last one recorded: committed when the operation was taken
            return;
        }
        String text = body.toString();
        if (!text.equals(lastRecorded)) {
            beforeSend.accept(text); // committed before the request leaves
            lastRecorded = text;
            sentBefore.add(body);
        }
    }

    /**
     * Inserts the item. A 409 means the id exists on the server; where the dialect's 409 does not carry the
     * server's item (the Node server echoes what was sent), the server's actual item is fetched. When it holds
     * exactly what was sent now, the insert is done;
     * when it holds an earlier body of this operation, or carries the version this item is based on ("use
     * client"), the item is sent as an update of it. When the server has the id only as a deleted item, this
     * insert recreates it.
     */
    private ObjectNode insert(ObjectNode body, String version) {
        try {
            recordSent(body);
            return client.insert(op.table(), body);
        } catch (ConflictException e) {
            if (e.status() != 409) {
                throw e;
            }
            ObjectNode serverItem = client.duplicateOf(op.table(), op.itemId(), e);
            if (serverItem == null) {
                return undeleteThenUpdate(body, false);
            }
            if (holdsAllOf(serverItem, body)) {
                return serverItem;
            }
            String serverVersion = serverItem.path(SystemColumns.VERSION).asText(null);
            if (serverVersion != null && (heldBefore(serverItem) || serverVersion.equals(version))) {
                return update(body, serverVersion);
            }
            throw new ConflictException("The server already has an item with id '" + op.itemId() + "' in "
                    + op.table() + " (409): resolve it, e.g. take the server's item or update it with the server's"
                    + " version", 409, e.body(), serverItem);
        }
    }

    /** Updates the item (the dialect's method) with {@code If-Match}. */
    private ObjectNode update(ObjectNode body, String version) {
        try {
            recordSent(body);
            return client.update(op.table(), op.itemId(), item, body, version);
        } catch (ConflictException e) {
            ObjectNode serverItem = serverItemOf(e);
            if (serverItem != null && holdsAllOf(serverItem, body)) {
                return serverItem; // an earlier attempt with this very body reached the server
            }
            String serverVersion = serverItem == null ? null : serverItem.path(SystemColumns.VERSION).asText(null);
            if (serverVersion != null && !serverVersion.equals(version) && heldBefore(serverItem)) {
                recordSent(body);
                return client.update(op.table(), op.itemId(), item, body, serverVersion);
            }
            throw withServerItem(e, serverItem);
        }
    }

    /** Brings back an item deleted on the server: the update first (the delete may never have arrived). */
    private ObjectNode recreate(ObjectNode body, String version) {
        try {
            return update(body, version);
        } catch (HttpStatusException e) {
            if (!saysGone(e)) {
                throw e;
            }
            return undeleteThenUpdate(body, true);
        }
    }

    /**
     * Undeletes the item, then sends the local values based on the version it came back with. When the server has
     * no item to undelete, {@code insertIfAbsent} creates it anew (an update of an item removed for good); an
     * insert that got here already knows the server refuses the id.
     */
    private ObjectNode undeleteThenUpdate(ObjectNode body, boolean insertIfAbsent) {
        ObjectNode undeleted = client.undelete(op.table(), op.itemId(), body);
        if (undeleted == null && insertIfAbsent) {
            recordSent(body);
            return client.insert(op.table(), body);
        }
        if (undeleted == null) {
            throw new ConflictException("The server keeps a deleted item with id '" + op.itemId() + "' in "
                    + op.table() + " and cannot bring it back (409, undelete refused): discard the local item, or"
                    + " insert it again under a new id", 409, "", null);
        }
        recordSent(body);
        String undeletedVersion = undeleted.path(SystemColumns.VERSION).asText(null);
        return client.update(op.table(), op.itemId(), item, body, undeletedVersion);
    }

    /**
     * DELETEs with {@code If-Match}; the answer only confirms (its item is never applied). A conflict whose server
     * item is deleted, or who has no such item any more, means another client deleted it first: the outcome this
     * operation asks for, so it is done rather than a conflict for the user to resolve.
     */
    private ObjectNode delete(ObjectNode body, String version) {
        try {
            recordSent(body);
            client.delete(op.table(), op.itemId(), version);
            return null;
        } catch (ConflictException e) {
            ObjectNode serverItem = serverCopy(e);
            if (serverItem == null || serverItem.path(SystemColumns.DELETED).asBoolean(false)) {
                return null;
            }
            String serverVersion = serverItem.path(SystemColumns.VERSION).asText(null);
            if (serverVersion != null && !serverVersion.equals(version) && heldBefore(serverItem)) {
                client.delete(op.table(), op.itemId(), serverVersion);
                return null;
            }
            throw withServerItem(e, serverItem);
        }
    }

    /**
     * The server's own copy of this operation's item behind a conflict: the one the answer carried, else fetched;
     * {@code null} when the server has no such item (any more). When that cannot be told (the fetch failed, or
     * answered with another item), the conflict is thrown as it is, what went wrong added to it.
     */
    private ObjectNode serverCopy(ConflictException e) {
        if (carriesItem(e)) {
            return e.serverItem();
        }
        try {
            return fetchCopy();
        } catch (HttpStatusException | ProtocolException unknownCopy) {
            ConflictException unknown = withServerItem(e, null);
            unknown.addSuppressed(unknownCopy);
            throw unknown;
        }
    }

    /**
     * The conflict's server item; fetched when the answer lacked it (a cut-off body) or held another item than
     * this operation's ({@code null} when the fetch fails or answers about another item: the copy is unknown). When
     * the server has no such item, or only a deleted one (carried, as a server that found the row deleted while
     * writing it answers, or fetched), the item was deleted on the server: that is thrown with the conflict's status
     * (409 or 412), and taken as the dialect's own answer for a deleted item would be ({@link #saysGone}), so it is
     * parked for what it is (its resolutions take the deletion or bring the item back) and a recreate goes on to
     * bring it back.
     */
    private ObjectNode serverItemOf(ConflictException e) {
        ObjectNode server;
        if (carriesItem(e)) {
            server = e.serverItem();
        } else {
            try {
                server = fetchCopy();
            } catch (HttpStatusException | ProtocolException unknownCopy) {
                e.addSuppressed(unknownCopy);
                return null;
            }
        }
        if (server == null || server.path(SystemColumns.DELETED).asBoolean(false)) {
            HttpStatusException gone = new HttpStatusException("The server refused the " + op.kind() + " of '"
                    + op.itemId() + "' in " + op.table() + " (" + e.status() + ") and has no such item, or only a"
                    + " deleted one: it was deleted on the server. The change stays queued: accept the deletion, or"
                    + " bring the item back (recreate)", e.status(), e.body());
            gone.addSuppressed(e);
            foundGone = gone;
            throw gone;
        }
        return server;
    }

    /** Whether the conflict's answer carried this operation's item (not missing, not another item). */
    private boolean carriesItem(ConflictException e) {
        return e.serverItem() != null && op.itemId().equals(e.serverItem().path("id").asText(null));
    }

    /**
     * The server's copy of this operation's item, fetched by id; {@code null} when it has no such item. A fetch that
     * fails, or answers with another item, throws: the copy is unknown.
     */
    private ObjectNode fetchCopy() {
        ObjectNode fetched = client.get(op.table(), op.itemId());
        if (fetched != null && !op.itemId().equals(fetched.path("id").asText(null))) {
            throw new ProtocolException("The server answered the fetch of '" + op.itemId() + "' in " + op.table()
                    + " with another item (id '" + fetched.path("id").asText() + "'): its copy of the item is"
                    + " unknown; check the server or proxy");
        }
        return fetched;
    }

    private static ConflictException withServerItem(ConflictException e, ObjectNode serverItem) {
        if (Objects.equals(serverItem, e.serverItem())) {
            return e;
        }
        return new ConflictException(e.getMessage(), e.status(), e.body(), serverItem);
    }

    /** Whether the server's item holds a body this operation sent (its answer lost, or being answered now). */
    private boolean heldBefore(ObjectNode serverItem) {
        for (ObjectNode sent : sentBefore) {
            if (holdsAllOf(serverItem, sent)) {
                return true;
            }
        }
        return false;
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

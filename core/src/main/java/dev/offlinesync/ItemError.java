package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.protocol.SystemColumns;
import java.util.Objects;

/**
 * An {@link OperationError} of a typed table, as {@link SyncTable#errors()} lists it: this device's item and the
 * server's as {@code T}, and one-call resolutions that take care of versions. Until one of them is called the
 * operation stays queued and parked (tried again after a pause); each resolution makes the next push act on it at
 * once, and the error is gone from {@link SyncTable#errors()}.
 *
 * <pre>{@code
 * for (ItemError<TodoItem> error : todos.errors()) {
 *     if (error.reason() == OperationError.Reason.CONFLICT) {
 *         error.useServer();
 *     }
 * }
 * }</pre>
 *
 * <p>Each resolution is one store transaction. A resolution of an error that was already resolved throws
 * {@link InvalidItemException}; one made while the operation is being pushed throws {@link QueueRejectedException}.
 * A local change of the item supersedes its error (it leaves {@link SyncTable#errors()}; the newer change is sent at
 * the next push): a resolution of an error read before that change throws {@link QueueRejectedException} and
 * writes nothing, so that it never undoes the newer change. Read {@link SyncTable#errors()} again.
 *
 * <p>Any thread may read and resolve an error. The accessors return what was read and do not block; a resolution
 * blocks until its transaction commits (waiting for another local write or a push's bookkeeping, never for the
 * network).
 *
 * @param <T> the table's item type
 */
public final class ItemError<T> {

    private final OperationError error;
    private final TypedItems<T> items;

    ItemError(OperationError error, TypedItems<T> items) {
        this.error = error;
        this.items = items;
    }

    /**
     * The untyped error, for what this view does not offer.
     *
     * @return the error as {@link SyncContext#errors()} lists it
     */
    public OperationError error() {
        return error;
    }

    /**
     * Why the server did not apply the change.
     *
     * @return the reason, e.g. {@link OperationError.Reason#CONFLICT}
     */
    public OperationError.Reason reason() {
        return error.reason();
    }

    /**
     * What this device's queued change is.
     *
     * @return insert, update or delete
     */
    public OperationKind kind() {
        return error.kind();
    }

    /**
     * The table's name.
     *
     * @return the name, on the server and locally
     */
    public String table() {
        return error.table();
    }

    /**
     * The id of the item.
     *
     * @return the item's id
     */
    public String itemId() {
        return error.itemId();
    }

    /**
     * The HTTP status the server answered.
     *
     * @return 409, 412, 400, 404, ..., or 0 when there was no usable status
     */
    public int status() {
        return error.status();
    }

    /**
     * What happened.
     *
     * @return a sentence
     */
    public String message() {
        return error.message();
    }

    /**
     * This device's item.
     *
     * @return the item as this device sent it, or {@code null}
     */
    public T client() {
        return items.fromJsonOrNull(error.clientItem());
    }

    /**
     * The server's item.
     *
     * @return the server's current item when known (conflicts), or {@code null} (unknown, or deleted there)
     */
    public T server() {
        ObjectNode server = error.serverItem();
        return server == null || server.path(SystemColumns.DELETED).asBoolean(false) ? null : items.fromJson(server);
    }

    /**
     * This device's change wins. After a conflict it is sent again based on the server's version; for an item
     * deleted on the server, the item is brought back with this device's values ({@link OperationError#recreate()});
     * after another rejection it is simply sent again.
     */
    public void useClient() {
        if (reason() == OperationError.Reason.DELETED_ON_SERVER) {
            error.recreate();
            return;
        }
        error.keepAndRetry(basedOnServer(clientItem()));
    }

    /**
     * The server wins and this device's change is dropped: the local row becomes the server's item, or is deleted
     * when the server deleted the item.
     *
     * @throws InvalidItemException when the server's item is not known; use {@link #discard()} or
     *                              {@link #useClient()}
     */
    public void useServer() {
        if (reason() == OperationError.Reason.DELETED_ON_SERVER) {
            error.acceptServerDeletion();
            return;
        }
        ObjectNode server = error.serverItem();
        if (server == null) {
            throw new InvalidItemException("The server did not send its item '" + itemId() + "' of " + table()
                    + " with this error (" + reason() + "): use discard() to drop the change and the local item, or"
                    + " useClient() to send it again");
        }
        error.cancelAndUpdate(server);
    }

    /**
     * A merged item wins: it becomes the local row and is sent based on the server's version. Its id and system
     * columns ({@code version}, {@code updatedAt}, ...) are ignored; fields it does not carry keep this device's
     * values.
     *
     * @param merged the item to keep and send
     * @throws InvalidItemException for a delete, or when {@code merged} is {@code null}
     */
    public void merge(T merged) {
        if (kind() == OperationKind.DELETE) {
            throw new InvalidItemException("Item '" + itemId() + "' of " + table() + " is being deleted here: a"
                    + " delete cannot be merged; use useClient() to delete it or useServer() to keep the server's item");
        }
        Objects.requireNonNull(merged, "merged: pass the item to send, e.g. server() with some of client()'s values");
        ObjectNode item = TypedItems.overlay(clientItem(), items.toJson(merged));
        if (reason() == OperationError.Reason.DELETED_ON_SERVER) {
            error.recreate(item); // writes the merged row and brings the item back with it, in one transaction
            return;
        }
        error.keepAndRetry(basedOnServer(item));
    }

    /** Drops this device's change and the local item (the server's copy, if any, comes back with the next pull). */
    public void discard() {
        error.cancelAndDiscard();
    }

    private ObjectNode clientItem() {
        ObjectNode client = error.clientItem();
        if (client == null) {
            throw new InvalidItemException("This error of item '" + itemId() + "' of " + table() + " carries no"
                    + " client item: use useServer() or discard()");
        }
        return client;
    }

    private ObjectNode basedOnServer(ObjectNode item) {
        ObjectNode server = error.serverItem();
        if (server != null && server.path(SystemColumns.VERSION).isTextual()) {
            item.put(SystemColumns.VERSION, server.get(SystemColumns.VERSION).textValue());
        }
        return item;
    }

    @Override
    public String toString() {
        return "ItemError[" + error + "]";
    }
}

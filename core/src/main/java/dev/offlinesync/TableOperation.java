package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One queued change while it is being pushed, as a {@link SyncContextDelegate} sees it. The delegate calls
 * {@link #execute()} (possibly again, after {@link #setItem}), or returns an item of its own, or cancels the
 * push. Use it only on the thread that called {@link SyncContextDelegate#onOperation} and only until that call
 * returns; {@link #execute()} blocks for the request and its retries, the other methods do not block.
 */
public interface TableOperation {

    /** {@return insert, update or delete} */
    OperationKind kind();

    /** {@return the table's name} */
    String table();

    /** {@return the id of the item the operation changes} */
    String itemId();

    /**
     * A copy of the item this operation sends: the current local row for insert and update, the last known
     * row for delete. Its {@code version} is what the server checks.
     *
     * @return the item, a copy
     */
    ObjectNode item();

    /**
     * Replaces the item the next {@link #execute()} sends (for example the local item with the server's
     * version, so that the client's values win a conflict). The local row is not changed by this call; the
     * server's answer is applied when the operation completes.
     *
     * @param item the item to send
     */
    void setItem(ObjectNode item);

    /**
     * Sends the operation to the server and returns the server's item ({@code null} for a delete the server
     * already had done).
     *
     * @return the server's item, or {@code null}
     * @throws ConflictException     the server's copy changed (412, or 409 with its item)
     * @throws HttpStatusException   another rejection
     * @throws TransportException    the server could not be reached
     * @throws ProtocolException     the server answered something unusable
     */
    ObjectNode execute();

    /**
     * Stops the push after this operation: it stays queued (unless the delegate still returns an item for it),
     * and the push completes with {@link PushResult.AbortReason#CANCELLED}.
     */
    void cancelPush();
}

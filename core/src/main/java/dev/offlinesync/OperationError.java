package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An operation the server rejected during a push. It is persisted in the store and its operation stays
 * queued (later pushes try it again) until one of the resolution calls is made. After a resolution the error
 * is gone from {@link SyncContext#errors()}.
 */
public interface OperationError {

    /** The id of the rejected queued operation. */
    String operationId();

    OperationKind kind();

    String table();

    String itemId();

    /** The HTTP status the server answered (409, 412, 400, 404, ...). */
    int status();

    /** What the server said, as text. */
    String message();

    /** The item the client sent, or {@code null}. A copy. */
    ObjectNode clientItem();

    /** The server's current item when known (conflicts), or {@code null}. A copy. */
    ObjectNode serverItem();

    /**
     * Keeps the operation queued and writes {@code item} as the local row, so the next push sends it. For
     * "use client" after a conflict, pass the client item with the server's {@code version}.
     */
    void keepAndRetry(ObjectNode item);

    /** Removes the operation and writes {@code item} (typically {@link #serverItem()}) as the local row. */
    void cancelAndUpdate(ObjectNode item);

    /** Removes the operation and deletes the local row. */
    void cancelAndDiscard();
}

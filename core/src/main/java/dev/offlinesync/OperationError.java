package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An operation the server rejected during a push. It is persisted in the store and its operation stays
 * queued, <em>parked</em>: later pushes try it again after a growing pause (1 s, doubling up to 10 minutes),
 * and other items are pushed meanwhile, until one of the resolution calls is made. A resolution makes the
 * next push act on it at once. After a resolution the error is gone from {@link SyncContext#errors()}.
 *
 * <p>For a typed view with one-call resolutions that take care of versions, see {@link SyncTable#errors()} and
 * {@link ItemError}.
 *
 * <p>Each resolution is one store transaction: the queued operation, the local row and the removal of the error
 * commit together or not at all. Resolution calls check their arguments and throw {@link InvalidItemException}
 * saying what to pass; on an error that was already resolved they throw {@link InvalidItemException} too.
 *
 * <p>A local insert, update or delete of the item supersedes its error: the error is removed (the operation now
 * carries the newer change and is sent at the next push, and a new error is recorded if the server rejects it
 * again). A resolution called on an error read before such a change, or before the operation was rejected again,
 * would undo the newer change: it is refused with {@link QueueRejectedException} and nothing is written; read
 * {@link SyncContext#errors()} again. The check is made against the store, so it holds for another client or
 * process sharing it.
 *
 * <p>Any thread may read and resolve an error. The accessors return what was read and do not block; a resolution
 * blocks until its transaction commits (waiting for another local write or a push's bookkeeping, never for the
 * network), and one made while the operation is being pushed is refused with {@link QueueRejectedException}.
 */
public interface OperationError {

    /** Why the server did not apply the operation. */
    enum Reason {
        /** The server's copy changed (412, or 409 with its item): see {@link #serverItem()}. */
        CONFLICT,
        /** The item no longer exists on the server (deleted there): {@link #acceptServerDeletion()} or {@link #recreate()}. */
        DELETED_ON_SERVER,
        /** The server has no such table. */
        NO_SUCH_TABLE,
        /** The server refused this operation (another 4xx, e.g. a validation error). */
        REJECTED,
        /** The server kept failing on this operation (5xx after retries) while it answered other requests. */
        SERVER_FAILURE,
        /** The server's answer to this operation was unusable (e.g. about another item). */
        BAD_ANSWER
    }

    /** {@return the id of the rejected queued operation} */
    String operationId();

    /** {@return whether the operation inserts, updates or deletes} */
    OperationKind kind();

    /** {@return the operation's table} */
    String table();

    /** {@return the id of the operation's item} */
    String itemId();

    /** {@return why it was rejected} */
    Reason reason();

    /** {@return the HTTP status the server answered (409, 412, 400, 404, ...), or 0 when there was no usable status} */
    int status();

    /** {@return what happened, as text} */
    String message();

    /** {@return the item the client sent (a copy), or {@code null}} */
    ObjectNode clientItem();

    /** {@return the server's current item when known (conflicts; a copy), or {@code null}} */
    ObjectNode serverItem();

    /**
     * Keeps the operation queued and writes {@code item} as the local row, so the next push sends it. For
     * "use client" after a conflict, pass the client item with the server's {@code version}.
     *
     * @param item the item to write and push
     */
    void keepAndRetry(ObjectNode item);

    /**
     * Removes the operation and writes {@code item} (typically {@link #serverItem()}) as the local row.
     *
     * @param item the item to keep locally
     */
    void cancelAndUpdate(ObjectNode item);

    /** Removes the operation and deletes the local row. */
    void cancelAndDiscard();

    /**
     * For {@link Reason#DELETED_ON_SERVER}: the server's deletion wins. The operation is removed and the local row
     * deleted.
     */
    void acceptServerDeletion();

    /**
     * For {@link Reason#DELETED_ON_SERVER}: the local item wins. The next push brings the item back on the server
     * (undelete, then the local values; or a fresh insert when the server removed it for good).
     */
    void recreate();

    /**
     * For {@link Reason#DELETED_ON_SERVER}: the local item wins with these values. Writes {@code item} as the local
     * row and makes the next push bring the item back on the server with it, in one transaction (what
     * {@link #keepAndRetry(ObjectNode)} then {@link #recreate()} would do in two, with a plain update left queued
     * should the second never happen).
     *
     * @param item the item to write and bring back
     */
    void recreate(ObjectNode item);
}

package dev.offlinesync;

/**
 * A queued operation, as listed by {@link SyncContext#pendingOperations()}.
 *
 * @param id       the operation's id
 * @param sequence its position in the queue (pushed in increasing order)
 * @param inFlight whether a push is sending it right now
 */
public record PendingOperation(String id, long sequence, OperationKind kind, String table, String itemId,
                               boolean inFlight) {
}

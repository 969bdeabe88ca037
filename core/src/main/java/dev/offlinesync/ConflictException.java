package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.protocol.SystemColumns;

/**
 * The server rejected a change because its copy of the item differs from what the client based the change on
 * (412 Precondition Failed, or 409 Conflict). Carries the server's current item, with the local names of its
 * system columns, when the server sent or the client could fetch it. A {@link SyncContextDelegate} meets it from
 * {@link TableOperation#execute()} and may decide there; a push does not fail with it: the operation is parked with
 * an {@link OperationError}, to be resolved by {@link SyncTable#onConflict} while pushing or through
 * {@link SyncTable#errors()} afterwards.
 */
public class ConflictException extends HttpStatusException {
    private static final long serialVersionUID = 1L;

    private final transient ObjectNode serverItem;

    /**
     * The server rejected a change with a conflict.
     *
     * @param message what happened and what to do
     * @param status  the HTTP status
     * @param body    the response body as text, or {@code null}
     * @param serverItem the server's current item, or {@code null} when unknown
     */
    public ConflictException(String message, int status, String body, ObjectNode serverItem) {
        super(message, status, body);
        this.serverItem = serverItem == null ? null : serverItem.deepCopy();
    }

    /** {@return the server's current version of the item (a copy), or {@code null} when unknown} */
    public ObjectNode serverItem() {
        return serverItem == null ? null : serverItem.deepCopy();
    }

    /** {@return the server item's {@code version} (whatever the dialect calls it on the wire), or {@code null}} */
    public String serverVersion() {
        return serverItem == null || !serverItem.hasNonNull(SystemColumns.VERSION) ? null
                : serverItem.get(SystemColumns.VERSION).asText();
    }
}

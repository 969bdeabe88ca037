package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.protocol.SystemColumns;

/**
 * The server rejected a change because its copy of the item differs from what the client based the change on
 * (412 Precondition Failed, or 409 Conflict). Carries the server's current item, with the local names of its
 * system columns, when the server sent or the client could fetch it.
 */
public class ConflictException extends HttpStatusException {
    private static final long serialVersionUID = 1L;

    private final transient ObjectNode serverItem;

    public ConflictException(String message, int status, String body, ObjectNode serverItem) {
        super(message, status, body);
        this.serverItem = serverItem == null ? null : serverItem.deepCopy();
    }

    /** The server's current version of the item, or {@code null} when unknown. A copy. */
    public ObjectNode serverItem() {
        return serverItem == null ? null : serverItem.deepCopy();
    }

    /** The server item's {@code version} (whatever the dialect calls it on the wire), or {@code null}. */
    public String serverVersion() {
        return serverItem == null || !serverItem.hasNonNull(SystemColumns.VERSION) ? null
                : serverItem.get(SystemColumns.VERSION).asText();
    }
}

package dev.offlinesync;

/**
 * The server answered with something the protocol does not allow (a body that is not JSON, truncated, too large, or lacks id or version). Nothing from that response was applied locally.
 */
public class ProtocolException extends SyncException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

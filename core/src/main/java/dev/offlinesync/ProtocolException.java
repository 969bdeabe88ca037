package dev.offlinesync;

/**
 * The server answered with something the protocol does not allow (a body that is not JSON, truncated, too large, or
 * lacks id or version). Nothing from that response was applied locally. The message says what to check: the
 * server, a proxy in between, the {@link ProtocolDialect} the client was built with, or
 * {@link SyncClient.Builder#maxResponseBytes} (pull smaller pages); then pull or push again.
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

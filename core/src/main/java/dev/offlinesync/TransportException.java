package dev.offlinesync;

/**
 * The server could not be reached or the connection failed (refused, reset, timed out). Queued operations are kept; try again when the network is back.
 */
public class TransportException extends SyncException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public TransportException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

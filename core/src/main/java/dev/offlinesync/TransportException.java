package dev.offlinesync;

/**
 * The server could not be reached or the connection failed (refused, reset, timed out), or a response did not arrive
 * in full within the response deadline. Queued operations are kept and nothing of a cut response was applied; try
 * again when the network is back (or raise the timeouts for a slow server).
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

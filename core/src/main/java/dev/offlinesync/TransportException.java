package dev.offlinesync;

/**
 * The server could not be reached or the connection failed (refused, reset, timed out). Queued operations are kept; try again when the network is back.
 */
public class TransportException extends SyncException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

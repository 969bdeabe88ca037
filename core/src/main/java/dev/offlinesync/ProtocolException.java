package dev.offlinesync;

/**
 * The server answered with something the protocol does not allow (a body that is not JSON, truncated, too large, or lacks id or version). Nothing from that response was applied locally.
 */
public class ProtocolException extends SyncException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

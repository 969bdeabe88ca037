package dev.offlinesync;

/**
 * The root of every exception offlinesync throws. All are unchecked; each message says what happened and
 * what to do about it.
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public SyncException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}

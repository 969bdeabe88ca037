package dev.offlinesync;

/**
 * An item or id given to a sync table is not valid (missing or malformed id, a value of the wrong type, a query the
 * operation cannot use). Nothing was written. The message names what is wrong: fix that argument and call again;
 * the same call fails the same way.
 */
public class InvalidItemException extends SyncException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public InvalidItemException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public InvalidItemException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.offlinesync;

/**
 * A local change was refused because it contradicts the operations already queued for the item (inserting an item
 * that exists, updating or deleting one that does not), or a resolution of an {@link OperationError} that is no
 * longer current (the item changed locally after the error was read, or its operation is being pushed). Nothing was
 * written. Read the item ({@link SyncTable#lookup}) and insert or update as it is, or read the errors again and
 * resolve the current one.
 */
public class QueueRejectedException extends InvalidItemException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public QueueRejectedException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public QueueRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

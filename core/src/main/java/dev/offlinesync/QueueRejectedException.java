package dev.offlinesync;

/**
 * A local change was refused because it contradicts the operations already queued for the item (inserting an item that exists, updating or deleting one that does not). Nothing was written.
 */
public class QueueRejectedException extends InvalidItemException {
    private static final long serialVersionUID = 1L;

    public QueueRejectedException(String message) {
        super(message);
    }

    public QueueRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

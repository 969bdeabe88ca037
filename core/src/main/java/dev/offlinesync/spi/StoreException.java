package dev.offlinesync.spi;

import dev.offlinesync.SyncException;

/**
 * The local store failed (I/O error, closed or corrupt store, a value the store cannot hold). Nothing of the failed
 * call was written. The message and the cause say what failed: check the disk, the file's permissions and that no
 * other program holds it, or open the store again after it was closed; then repeat the call.
 */
public class StoreException extends SyncException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * An exception with a message that says what happened and what to do, and its cause.
     *
     * @param message the message
     * @param cause   the failure that led to it
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.offlinesync;

/**
 * The local store failed (I/O error, closed or corrupt store, a value the store cannot hold). Nothing of the failed call was written.
 */
public class StoreException extends SyncException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

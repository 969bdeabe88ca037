package dev.offlinesync;

/**
 * The root of every exception offlinesync throws. All are unchecked; each message says what happened and
 * what to do about it.
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.StoreException;

/**
 * An encrypted store's file could not be decrypted with the key it was given: the key is wrong, or the file is not
 * an encrypted offlinesync store at all. Nothing was read or written. Ask the user for the key again, or open the
 * file with the key it was created with.
 */
public final class WrongKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    WrongKeyException(String description, Throwable cause) {
        super(description + ": the key is wrong, or the file is not an encrypted offlinesync store (it cannot be"
                + " decrypted with this key): open it with the key it was created with", cause);
    }
}

package dev.offlinesync.spi;

/**
 * What {@link StoreOperations#upsertChanged} did with one row.
 */
public enum Written {
    /** No row had its id: the row was inserted. */
    INSERTED,
    /** A row had its id and another version (or none): it was replaced by the row. */
    UPDATED,
    /** A row had its id and the same version: it was left as it was, whatever its other fields hold. */
    UNCHANGED
}

package dev.offlinesync;

/** What a queued operation does on the server. */
public enum OperationKind {
    /** Creates the item (POST). */
    INSERT,
    /** Changes the item (PATCH, with the version it was based on). */
    UPDATE,
    /** Deletes the item (DELETE, with the version it was based on). */
    DELETE
}

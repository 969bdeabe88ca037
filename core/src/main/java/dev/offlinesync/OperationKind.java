package dev.offlinesync;

/** What a queued operation does on the server. */
public enum OperationKind {
    INSERT, UPDATE, DELETE
}

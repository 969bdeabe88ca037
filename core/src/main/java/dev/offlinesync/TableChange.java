package dev.offlinesync;

import java.util.Set;

/**
 * Committed changes to the rows of one table, all from one origin. Delivered to
 * {@link SyncTable#addChangeListener} only after the transaction that made them committed; rolled-back work is
 * never reported. Changes that arrive while a listener is busy are merged: an item inserted then updated is
 * reported as inserted, one inserted then deleted not at all, one updated then deleted as deleted.
 *
 * @param table    the table
 * @param origin   what made the changes
 * @param inserted ids of rows that did not exist before
 * @param updated  ids of rows that existed and changed
 * @param deleted  ids of rows removed
 */
public record TableChange(String table, Origin origin, Set<String> inserted, Set<String> updated,
                          Set<String> deleted) {

    /** What made a change. */
    public enum Origin {
        /** An insert, update or delete through {@link SyncTable}. */
        LOCAL_WRITE,
        /** A pulled page, or a reconciling pull removing rows the server no longer returns. */
        PULL,
        /** The server's copy of a pushed item written back. */
        PUSH_ANSWER,
        /** {@link SyncTable#purge} or {@link SyncTable#forcePurge}. */
        PURGE,
        /** Resolving an {@link OperationError} (keep, take the server's item, discard). */
        RESOLUTION
    }

    /**
     * Copies the id sets.
     *
     * @param table    the table
     * @param origin   what made the changes
     * @param inserted ids of rows that did not exist before
     * @param updated  ids of rows that existed and changed
     * @param deleted  ids of rows removed
     */
    public TableChange {
        inserted = Set.copyOf(inserted);
        updated = Set.copyOf(updated);
        deleted = Set.copyOf(deleted);
    }

    /** {@return whether nothing changed} */
    public boolean isEmpty() {
        return inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
}

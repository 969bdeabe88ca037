package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;

import java.sql.SQLException;

/**
 * What a store call does, for the message of its failure: the text is put together only when a failure needs it,
 * not on every call.
 *
 * @param action what the call does, e.g. {@code "upsert rows into "}
 * @param table  the table it does it to, appended to the action, or {@code null}
 */
record What(String action, String table) {

    @Override
    public String toString() {
        return table == null ? action : action + table;
    }

    /** The failure of a call, saying what the store could not do, why, and what to do about it. */
    static StoreException failure(What what, Exception e, JdbcDialect dialect, String description, boolean closed) {
        if (e instanceof StoreException storeException) {
            return storeException;
        }
        String advice;
        if (e instanceof SQLException sql && dialect.isBusy(sql)) {
            advice = "the database is locked by another connection or process; close other programs using it,"
                    + " open each store once per process, or retry later";
        } else if (closed) {
            advice = "the store was closed meanwhile; open it again";
        } else {
            advice = "check that the database is writable, not damaged, and that the disk is not full";
        }
        return new StoreException(description + ": could not " + what + " (" + e.getMessage() + "): " + advice, e);
    }
}

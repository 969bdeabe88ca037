package dev.offlinesync.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/** Opens connections to one database; a {@link JdbcStore} calls it for its writer and for its readers. */
@FunctionalInterface
public interface ConnectionFactory {

    /**
     * Opens a connection; the store configures it through its dialect and closes it when done.
     *
     * @return a new connection
     * @throws SQLException when the database cannot be reached; the store reports it as a store failure
     */
    Connection open() throws SQLException;

    /**
     * The store has closed, with its connections (one still in use closes when given back, needing nothing more
     * from the factory); it opens none after this. Called once, by {@link JdbcStore#close()}; not when the store's
     * constructor fails, since whoever made the factory still holds it then. A factory that keeps a secret to open
     * connections with (a key, a password) can wipe it here. Default: nothing.
     */
    default void storeClosed() {
    }

    /**
     * The lock the store's writes and transactions take turns on. Stores in one process on one database whose
     * dialect has no {@link JdbcDialect#lockWrite} (H2) share one, so that their transactions take turns as those of
     * one store do (their reads and writes, a queue number among them, then happen as one step). Default: a lock of
     * the store's own.
     *
     * @return the lock
     */
    default ReentrantLock writeLock() {
        return new ReentrantLock();
    }
}

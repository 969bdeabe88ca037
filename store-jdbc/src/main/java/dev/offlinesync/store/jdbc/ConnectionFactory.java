package dev.offlinesync.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

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
}

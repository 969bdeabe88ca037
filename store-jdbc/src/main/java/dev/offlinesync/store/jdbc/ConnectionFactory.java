package dev.offlinesync.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to one database; a {@link JdbcStore} calls it for its writer and for its readers. */
@FunctionalInterface
public interface ConnectionFactory {

    /** A new connection; the store configures it through its dialect and closes it when done. */
    Connection open() throws SQLException;
}

package dev.offlinesync.store.jdbc;

import java.sql.SQLException;

/** Work on one connection, the writer or a reader. */
interface SqlWork<T> {
    T run(SqlConnection connection) throws SQLException;
}

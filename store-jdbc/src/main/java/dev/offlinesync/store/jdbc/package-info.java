/**
 * The SQL store: {@link dev.offlinesync.store.jdbc.JdbcStore}, the one implementation of the store SPI over
 * JDBC, and {@link dev.offlinesync.store.jdbc.JdbcDialect}, the small set of differences between databases.
 * {@code offlinesync-store-sqlite}, {@code offlinesync-store-sqlite-encrypted}, {@code offlinesync-store-h2} and
 * {@code offlinesync-store-postgres} are this store with their dialect; another database needs only a dialect and a
 * {@link dev.offlinesync.store.jdbc.ConnectionFactory}.
 *
 * <p>Layout: each table has its defined columns (STRING as text, INTEGER as a 64-bit integer, REAL as a double,
 * BOOLEAN as the database's boolean, DATE as epoch milliseconds, JSON as text) and a column {@code extra$}
 * with the fields the definition does not name, as JSON. Two metadata tables, {@code offlinesync$meta} and
 * {@code offlinesync$tables}, hold the schema version and each table's definition, so that a file opened by a
 * later app version is upgraded in place (new columns are added; nothing is dropped).
 */
package dev.offlinesync.store.jdbc;

/**
 * The SQLite store: {@link dev.offlinesync.store.sqlite.SqliteStore}, the JDBC store of
 * {@code offlinesync-store-jdbc} on an SQLite file (WAL) or in-memory database.
 */
package dev.offlinesync.store.sqlite;

/**
 * The PostgreSQL store: {@link dev.offlinesync.store.postgres.PostgresStore}, the JDBC store of
 * {@code offlinesync-store-jdbc} in one schema of a PostgreSQL database, shared safely by several processes.
 */
package dev.offlinesync.store.postgres;

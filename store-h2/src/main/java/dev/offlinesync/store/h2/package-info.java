/**
 * The H2 store: {@link dev.offlinesync.store.h2.H2Store}, the JDBC store of {@code offlinesync-store-jdbc} on an
 * embedded H2 file or in-memory database.
 */
package dev.offlinesync.store.h2;

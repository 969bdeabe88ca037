/**
 * The store SPI: what a local store implements so that sync tables and the engine's system tables can live
 * in it. A store sees only the types of this package and JDK types: table definitions with typed columns,
 * rows as maps, a {@link dev.offlinesync.spi.Predicate} tree for filters, and transactions that group writes.
 *
 * <p>To write a store, implement {@link dev.offlinesync.spi.SyncContextDataSource} and extend the testkit's
 * {@code StoreContractTest}; a store is correct when that suite passes with nothing skipped.
 * {@link dev.offlinesync.spi.InMemoryEvaluator} is the reference meaning of filters and orderings.
 */
package dev.offlinesync.spi;

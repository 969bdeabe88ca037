/**
 * The in-memory store: {@link dev.offlinesync.store.memory.MemoryStore}, the reference implementation of the
 * store SPI ({@link dev.offlinesync.spi.SyncContextDataSource}). It keeps nothing across restarts; use it in
 * tests, demos, and as the model that the SQL stores are checked against by the testkit's contract suite.
 */
package dev.offlinesync.store.memory;

/**
 * The engine contract suite: queue collapse rules, push, pull, purge and atomicity, run on any store against
 * the in-process fake table service, in any {@link dev.offlinesync.ProtocolDialect} (override
 * {@code dialect()}). Every store's tests extend {@link dev.offlinesync.testkit.engine.SyncEngineContractTest}, just
 * as they extend the store contract suite; {@link dev.offlinesync.testkit.engine.TimestampPrecisionContract} adds
 * pulls from a server that keeps sub-millisecond timestamps.
 */
package dev.offlinesync.testkit.engine;

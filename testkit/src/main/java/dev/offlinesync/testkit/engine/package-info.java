/**
 * The engine contract suite: queue collapse rules and queue safety, push, parked operations, conflicts and their
 * resolution, pull, purge, atomicity, status, change and event observation, run on any store against the
 * in-process fake table service, in any {@link dev.offlinesync.ProtocolDialect} (override {@code dialect()}).
 * Every store's tests extend {@link dev.offlinesync.testkit.engine.SyncEngineContractTest}, just as they extend the
 * store contract suite; {@link dev.offlinesync.testkit.engine.ParallelPushSafetyContractTest} runs the parking and
 * queue-safety contracts again with a parallel push, and
 * {@link dev.offlinesync.testkit.engine.TimestampPrecisionContract} adds pulls from a server that keeps
 * sub-millisecond timestamps.
 */
package dev.offlinesync.testkit.engine;

/**
 * The engine contract suite: queue collapse rules, push, pull, purge and atomicity, run on any store against
 * the in-process fake table service. Every store's tests extend
 * {@link dev.offlinesync.testkit.engine.SyncEngineContractTest}, just as they extend the store contract suite.
 */
package dev.offlinesync.testkit.engine;

package dev.offlinesync.store.memory;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.ParallelPushSafetyContractTest;

/** Parking and queue safety on the memory store with a push parallelism of 4. */
class MemoryStoreParallelPushSafetyTest extends ParallelPushSafetyContractTest {
    @Override
    protected SyncContextDataSource createStore() {
        return new MemoryStore();
    }
}

package dev.offlinesync.store.memory;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;

class MemoryStoreEngineTest extends SyncEngineContractTest {
    @Override
    protected SyncContextDataSource createStore() {
        return new MemoryStore();
    }
}

package dev.offlinesync.store.memory;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.StoreContractTest;

/** The memory store meets the store contract (it is not persistent, so it extends StoreContractTest, not PersistentStoreContractTest). */
class MemoryStoreContractTest extends StoreContractTest {

    @Override
    protected SyncContextDataSource createStore() {
        return new MemoryStore();
    }
}

package dev.offlinesync.store.memory;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.StoreContractTest;

/** The memory store meets the store contract; it is not persistent, so the reopen tests skip. */
class MemoryStoreContractTest extends StoreContractTest {

    @Override
    protected SyncContextDataSource createStore() {
        return new MemoryStore();
    }
}

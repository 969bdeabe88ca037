package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;

/** The engine contract on the in-memory H2 database (MVCC readers next to the writer). */
class H2InMemoryEngineTest extends SyncEngineContractTest {

    @Override
    protected SyncContextDataSource createStore() {
        return H2Store.inMemory();
    }
}

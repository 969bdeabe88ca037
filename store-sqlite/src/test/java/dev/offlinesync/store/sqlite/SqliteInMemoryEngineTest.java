package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;

/** The engine contract on the in-memory SQLite database (one connection for everything). */
class SqliteInMemoryEngineTest extends SyncEngineContractTest {

    @Override
    protected SyncContextDataSource createStore() {
        return SqliteStore.inMemory();
    }
}

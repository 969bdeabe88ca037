package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

/** The in-memory database, with its reader connections next to the writer. */
class H2InMemoryConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return H2Store.inMemory();
    }
}

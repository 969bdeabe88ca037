package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

/** The in-memory database has one connection for reads and writes; it must not deadlock either. */
class SqliteInMemoryConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return SqliteStore.inMemory();
    }
}

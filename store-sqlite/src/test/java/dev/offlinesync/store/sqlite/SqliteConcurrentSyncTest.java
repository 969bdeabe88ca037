package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

class SqliteConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return SqliteStore.file(folder.resolve("concurrent.db"));
    }
}

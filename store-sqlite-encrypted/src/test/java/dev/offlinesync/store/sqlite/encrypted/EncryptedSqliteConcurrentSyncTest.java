package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

/** Readers on their own keyed connections while a sync writes. */
class EncryptedSqliteConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return Keys.open(folder.resolve("concurrent.db"));
    }
}

package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

class H2ConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return H2Store.file(folder.resolve("concurrent"));
    }
}

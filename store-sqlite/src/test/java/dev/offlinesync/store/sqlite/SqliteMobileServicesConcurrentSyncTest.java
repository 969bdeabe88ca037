package dev.offlinesync.store.sqlite;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

/** Writers and pulls together on a SQLite file, against a 2014 Mobile Services runtime. */
class SqliteMobileServicesConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected ProtocolDialect dialect() {
        return ProtocolDialect.MOBILE_SERVICES;
    }

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return SqliteStore.file(folder.resolve("concurrent.db"));
    }
}

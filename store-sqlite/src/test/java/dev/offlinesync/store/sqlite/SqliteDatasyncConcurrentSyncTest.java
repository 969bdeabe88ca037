package dev.offlinesync.store.sqlite;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.ConcurrentSyncTest;

import java.nio.file.Path;

/** Writers and pulls together on a SQLite file, against a Datasync 3.0.0 server. */
class SqliteDatasyncConcurrentSyncTest extends ConcurrentSyncTest {

    @Override
    protected ProtocolDialect dialect() {
        return ProtocolDialect.DATASYNC;
    }

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return SqliteStore.file(folder.resolve("concurrent.db"));
    }
}

package dev.offlinesync.store.sqlite;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The engine contract on SQLite files against a 2014 Mobile Services runtime. */
class SqliteMobileServicesEngineTest extends SyncEngineContractTest {

    @TempDir
    Path dir;

    private int stores;

    @Override
    public ProtocolDialect dialect() {
        return ProtocolDialect.MOBILE_SERVICES;
    }

    @Override
    protected SyncContextDataSource createStore() {
        return SqliteStore.file(dir.resolve("engine-" + (++stores) + ".db"));
    }
}

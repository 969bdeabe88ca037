package dev.offlinesync.store.sqlite;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;
import dev.offlinesync.testkit.engine.TimestampPrecisionContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The engine contract on SQLite files against a Datasync 3.0.0 server, and pulls from one that keeps updatedAt
 * below the millisecond (SQL Server behind Datasync).
 */
class SqliteDatasyncEngineTest extends SyncEngineContractTest implements TimestampPrecisionContract {

    @TempDir
    Path dir;

    private int stores;

    @Override
    public ProtocolDialect dialect() {
        return ProtocolDialect.DATASYNC;
    }

    @Override
    protected SyncContextDataSource createStore() {
        return SqliteStore.file(dir.resolve("engine-" + (++stores) + ".db"));
    }
}

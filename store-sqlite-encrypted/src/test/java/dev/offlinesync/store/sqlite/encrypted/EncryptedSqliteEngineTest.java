package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The engine's queue, push, pull, purge and atomicity on encrypted SQLite files (a new file for each client). */
class EncryptedSqliteEngineTest extends SyncEngineContractTest {

    @TempDir
    Path dir;

    private int stores;

    @Override
    protected SyncContextDataSource createStore() {
        return Keys.open(dir.resolve("engine-" + (++stores) + ".db"));
    }
}

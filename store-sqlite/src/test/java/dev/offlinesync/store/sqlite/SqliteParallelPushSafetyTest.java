package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.ParallelPushSafetyContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Parking and queue safety on SQLite files with a push parallelism of 4. */
class SqliteParallelPushSafetyTest extends ParallelPushSafetyContractTest {

    @TempDir
    Path dir;

    private int stores;

    @Override
    protected SyncContextDataSource createStore() {
        return SqliteStore.file(dir.resolve("parallel-" + (++stores) + ".db"));
    }
}

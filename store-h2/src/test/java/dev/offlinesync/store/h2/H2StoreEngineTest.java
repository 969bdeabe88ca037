package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The engine's queue, push, pull, purge and atomicity on H2 files (a new file for each client). */
class H2StoreEngineTest extends SyncEngineContractTest {

    @TempDir
    Path dir;

    private int stores;

    @Override
    protected SyncContextDataSource createStore() {
        return H2Store.file(dir.resolve("engine-" + (++stores)));
    }
}

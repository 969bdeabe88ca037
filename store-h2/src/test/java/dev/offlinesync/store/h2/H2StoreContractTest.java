package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.PersistentStoreContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The H2 file store meets the whole store contract, reopen tests included. */
class H2StoreContractTest extends PersistentStoreContractTest {

    @TempDir
    Path dir;

    private Path file;

    @Override
    protected SyncContextDataSource createStore() {
        file = dir.resolve("contract");
        return H2Store.file(file);
    }

    @Override
    protected SyncContextDataSource reopen(SyncContextDataSource closed) {
        return H2Store.file(file);
    }
}

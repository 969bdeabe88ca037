package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.PersistentStoreContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The encrypted SQLite file store meets the whole store contract, reopen tests included. */
class EncryptedSqliteStoreContractTest extends PersistentStoreContractTest {

    @TempDir
    Path dir;

    private Path file;

    @Override
    protected SyncContextDataSource createStore() {
        file = dir.resolve("contract.db");
        return Keys.open(file);
    }

    @Override
    protected SyncContextDataSource reopen(SyncContextDataSource closed) {
        return Keys.open(file);
    }
}

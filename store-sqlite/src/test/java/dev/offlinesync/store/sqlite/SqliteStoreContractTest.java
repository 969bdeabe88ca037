package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.PersistentStoreContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The SQLite file store meets the whole store contract, reopen tests included. */
class SqliteStoreContractTest extends PersistentStoreContractTest {

    @TempDir
    Path dir;

    private Path file;

    @Override
    protected SyncContextDataSource createStore() {
        file = dir.resolve("contract.db");
        return SqliteStore.file(file);
    }

    @Override
    protected SyncContextDataSource reopen(SyncContextDataSource closed) {
        return SqliteStore.file(file);
    }
}

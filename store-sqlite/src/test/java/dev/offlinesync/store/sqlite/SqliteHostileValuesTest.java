package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.HostileValuesTest;

import java.nio.file.Files;
import java.nio.file.Path;

class SqliteHostileValuesTest extends HostileValuesTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        try {
            return SqliteStore.file(Files.createDirectories(folder).resolve("hostile.db"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

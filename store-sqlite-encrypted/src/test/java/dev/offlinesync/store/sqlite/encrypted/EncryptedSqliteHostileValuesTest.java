package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.HostileValuesTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

class EncryptedSqliteHostileValuesTest extends HostileValuesTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        try {
            return Keys.open(Files.createDirectories(folder).resolve("hostile.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.HostileValuesTest;

import java.nio.file.Files;
import java.nio.file.Path;

class H2HostileValuesTest extends HostileValuesTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        try {
            return H2Store.file(Files.createDirectories(folder).resolve("hostile"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Opens an encrypted SQLite file store with the test key; made by name in the child JVMs of the process tests. */
public final class EncryptedSqliteOpener implements StoreOpener {

    @Override
    public SyncContextDataSource open(Path path) {
        return Keys.open(path);
    }
}

package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Opens an SQLite file store; made by name in the crash test's child JVM. */
public final class SqliteOpener implements StoreOpener {

    @Override
    public SyncContextDataSource open(Path path) {
        return SqliteStore.file(path);
    }
}

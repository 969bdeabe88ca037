package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Opens an H2 file store; made by name in the crash test's child JVM. */
public final class H2Opener implements StoreOpener {

    @Override
    public SyncContextDataSource open(Path path) {
        return H2Store.file(path);
    }
}

package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Opens the PostgreSQL store in the schema of a test folder; made by name in the child JVMs of the shared tests. */
public final class PostgresOpener implements StoreOpener {

    @Override
    public SyncContextDataSource open(Path path) {
        return TestDatabase.store(TestDatabase.schemaFor(path));
    }
}

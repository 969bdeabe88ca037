package dev.offlinesync.store.sqlite;

import dev.offlinesync.store.jdbc.StoreDurabilityTest;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

class SqliteDurabilityTest extends StoreDurabilityTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return SqliteOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("crash.db");
    }
}

package dev.offlinesync.store.sqlite;

import dev.offlinesync.store.jdbc.MultiProcessWriteTest;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

class SqliteMultiProcessWriteTest extends MultiProcessWriteTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return SqliteOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("shared.db");
    }
}

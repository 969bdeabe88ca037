package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.store.jdbc.MultiProcessWriteTest;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Several processes write one encrypted file, each with its own keyed connections. */
class EncryptedSqliteMultiProcessWriteTest extends MultiProcessWriteTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return EncryptedSqliteOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("shared.db");
    }
}

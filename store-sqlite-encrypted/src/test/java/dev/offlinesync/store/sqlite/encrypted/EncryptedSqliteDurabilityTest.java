package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.store.jdbc.StoreDurabilityTest;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

/** Killed mid-write, the encrypted WAL recovers like a plain one: every returned write is there after a restart. */
class EncryptedSqliteDurabilityTest extends StoreDurabilityTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return EncryptedSqliteOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("crash.db");
    }
}

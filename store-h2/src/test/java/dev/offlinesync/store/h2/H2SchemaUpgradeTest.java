package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.SchemaUpgradeTest;

import java.nio.file.Path;

/**
 * The H2 fixture {@code fixtures/schema-v1.mv.db} was written by {@link #main} with schema version 1; to
 * write it again: {@code java -cp <test classpath> dev.offlinesync.store.h2.H2SchemaUpgradeTest
 * store-h2/src/test/resources/fixtures/schema-v1.mv.db}.
 */
class H2SchemaUpgradeTest extends SchemaUpgradeTest {

    @Override
    protected String fixtureResource() {
        return "/fixtures/schema-v1.mv.db";
    }

    @Override
    protected String fileName() {
        return "upgrade.mv.db";
    }

    @Override
    protected SyncContextDataSource open(Path file) {
        return H2Store.file(file);
    }

    public static void main(String[] args) {
        try (H2Store store = H2Store.file(Path.of(args[0]))) {
            writeFixture(store);
        }
    }
}

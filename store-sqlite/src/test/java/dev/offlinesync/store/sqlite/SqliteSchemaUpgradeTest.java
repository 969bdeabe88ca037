package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.SchemaUpgradeTest;

import java.nio.file.Path;

/**
 * The SQLite fixture {@code fixtures/schema-v1.db} was written by {@link #main} with schema version 1; to
 * write it again: {@code java -cp <test classpath> dev.offlinesync.store.sqlite.SqliteSchemaUpgradeTest
 * store-sqlite/src/test/resources/fixtures/schema-v1.db}.
 */
class SqliteSchemaUpgradeTest extends SchemaUpgradeTest {

    @Override
    protected String fixtureResource() {
        return "/fixtures/schema-v1.db";
    }

    @Override
    protected String fileName() {
        return "upgrade.db";
    }

    @Override
    protected SyncContextDataSource open(Path file) {
        return SqliteStore.file(file);
    }

    public static void main(String[] args) {
        try (SqliteStore store = SqliteStore.file(Path.of(args[0]))) {
            writeFixture(store);
        }
    }
}

package dev.offlinesync.store.sqlite;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.SyncClient;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.store.jdbc.JdbcStoreBehaviourTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreBehaviourTest extends JdbcStoreBehaviourTest {

    @Override
    protected SyncContextDataSource open(Path folder) {
        return SqliteStore.file(folder.resolve("behaviour.db"));
    }

    @Override
    protected Connection connect(Path folder) throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + folder.resolve("behaviour.db"), new Properties());
    }

    @Override
    protected boolean transactionalSchemaChanges() {
        return true;
    }

    @Test
    void tableNamesSqliteReservesAreRefusedAsInvalidBeforeAnythingIsCreated() {
        try (SyncContextDataSource store = open(dir)) {
            InvalidItemException e = assertThrows(InvalidItemException.class,
                    () -> store.defineTable(new TableDefinition("SQLite_items", Map.of())));
            assertTrue(e.getMessage().contains("SQLite reserves names starting with sqlite_"), e.getMessage());
            store.defineTable(new TableDefinition("my_sqlite_items", Map.of()));
        }
        try (SyncClient client = SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(open(dir)).build()) {
            assertThrows(InvalidItemException.class, () -> client.table("sqlite_items"));
            client.table("my_sqlite_items");
        }
    }
}

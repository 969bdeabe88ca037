package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.JdbcStoreBehaviourTest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

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
}

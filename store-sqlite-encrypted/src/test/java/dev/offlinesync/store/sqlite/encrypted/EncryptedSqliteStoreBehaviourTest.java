package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.JdbcStoreBehaviourTest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

class EncryptedSqliteStoreBehaviourTest extends JdbcStoreBehaviourTest {

    @Override
    protected SyncContextDataSource open(Path folder) {
        return Keys.open(folder.resolve("behaviour.db"));
    }

    @Override
    protected Connection connect(Path folder) throws SQLException {
        return Keys.connect(folder.resolve("behaviour.db"));
    }

    @Override
    protected boolean transactionalSchemaChanges() {
        return true;
    }
}

package dev.offlinesync.store.h2;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.JdbcStoreBehaviourTest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

class H2StoreBehaviourTest extends JdbcStoreBehaviourTest {

    @Override
    protected SyncContextDataSource open(Path folder) {
        return H2Store.file(folder.resolve("behaviour"));
    }

    @Override
    protected Connection connect(Path folder) throws SQLException {
        return new org.h2.Driver().connect("jdbc:h2:file:" + folder.resolve("behaviour"), new Properties());
    }

    @Override
    protected boolean transactionalSchemaChanges() {
        return false;
    }
}

package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.JdbcStoreBehaviourTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

@ExtendWith(PostgresServerExtension.class)
class PostgresStoreBehaviourTest extends JdbcStoreBehaviourTest {

    @Override
    protected SyncContextDataSource open(Path folder) {
        return TestDatabase.store(TestDatabase.schemaFor(folder));
    }

    @Override
    protected Connection connect(Path folder) throws SQLException {
        Connection connection = TestDatabase.connect();
        connection.setSchema(TestDatabase.schemaFor(folder));
        return connection;
    }

    @Override
    protected boolean transactionalSchemaChanges() {
        return true;
    }
}

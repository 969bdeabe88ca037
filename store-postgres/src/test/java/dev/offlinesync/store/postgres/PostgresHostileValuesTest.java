package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.HostileValuesTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

@ExtendWith(PostgresServerExtension.class)
class PostgresHostileValuesTest extends HostileValuesTest {

    @Override
    protected SyncContextDataSource createStore(Path folder) {
        return TestDatabase.store(TestDatabase.schemaFor(folder));
    }
}

package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.engine.SyncEngineContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine's queue, push, pull, purge and atomicity on PostgreSQL (a new schema for each client). */
@ExtendWith(PostgresServerExtension.class)
class PostgresStoreEngineTest extends SyncEngineContractTest {

    @Override
    protected SyncContextDataSource createStore() {
        return TestDatabase.store(TestDatabase.newSchema());
    }
}

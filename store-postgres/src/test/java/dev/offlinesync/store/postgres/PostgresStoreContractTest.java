package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.PersistentStoreContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL store meets the whole store contract, reopen tests included (a new schema for each store). */
@ExtendWith(PostgresServerExtension.class)
class PostgresStoreContractTest extends PersistentStoreContractTest {

    private String schema;

    @Override
    protected SyncContextDataSource createStore() {
        schema = TestDatabase.newSchema();
        return TestDatabase.store(schema);
    }

    @Override
    protected SyncContextDataSource reopen(SyncContextDataSource closed) {
        return TestDatabase.store(schema);
    }
}

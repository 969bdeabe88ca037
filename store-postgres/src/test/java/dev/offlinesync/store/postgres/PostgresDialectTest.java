package dev.offlinesync.store.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How the dialect reads the driver's failures; no server needed. */
class PostgresDialectTest {

    private final PostgresDialect dialect = new PostgresDialect("public");

    @Test
    void aFailureWithoutSqlStateIsNotBusyAndDoesNotHideItself() {
        // A failure the driver raises before the server answers (a closed connection, a bad batch) may carry no
        // SQLState; asking whether it is "busy" must not throw over the failure being reported.
        assertFalse(dialect.isBusy(new SQLException("I/O error, no state")));
    }

    @Test
    void lockTimeoutsAndSerializationFailuresAreBusy() {
        assertTrue(dialect.isBusy(new SQLException("lock timeout", "55P03")));
        assertTrue(dialect.isBusy(new SQLException("could not serialize", "40001")));
    }
}

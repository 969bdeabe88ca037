package dev.offlinesync.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.store.jdbc.ConnectionFactory;
import dev.offlinesync.store.jdbc.JdbcStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A store whose connections fail to close still tells its connection factory that it closed (H2's factory lets go
 * of the file's entry in its lock map then), and the caller learns what failed.
 */
class FailingConnectionCloseTest {

    /** Opens H2 in-memory connections whose {@code close()} closes the real one, then throws what it is given. */
    private static final class ClosingBadly implements ConnectionFactory {
        final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        final Supplier<Exception> failure;
        final AtomicInteger storeClosed = new AtomicInteger();

        ClosingBadly(Supplier<Exception> failure) {
            this.failure = failure;
        }

        @Override
        public Connection open() throws SQLException {
            Connection real = DriverManager.getConnection(url);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            real.close();
                            throw failure.get();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public void storeClosed() {
            storeClosed.incrementAndGet();
        }
    }

    private static void closeFailsButTellsTheFactory(ClosingBadly connections) {
        JdbcStore store = new JdbcStore(new H2Dialect(), connections, 1, "H2 test database");
        store.defineTable(new TableDefinition("notes", Map.of("text", ColumnType.STRING)));
        store.read(StoreQuery.all("notes")); // a reader connection is open too

        StoreException failure = assertThrows(StoreException.class, store::close);

        assertEquals(1, connections.storeClosed.get(), "the factory heard of the close once");
        assertTrue(failure.getMessage().contains("H2 test database") && failure.getMessage().contains("close"),
                failure.getMessage());
        store.close(); // closing again is harmless and tells nobody twice
        assertEquals(1, connections.storeClosed.get());
    }

    @Test
    void aConnectionWhoseCloseThrowsASqlExceptionStillTellsTheFactoryAndTheCaller() {
        closeFailsButTellsTheFactory(new ClosingBadly(() -> new SQLException("the disk went away while closing")));
    }

    @Test
    void aConnectionWhoseCloseThrowsARuntimeExceptionStillTellsTheFactoryAndTheCaller() {
        closeFailsButTellsTheFactory(new ClosingBadly(() -> new IllegalStateException("the driver broke on close")));
    }
}

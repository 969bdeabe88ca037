package dev.offlinesync.store.postgres;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a test class against {@link TestDatabase}: each test is skipped when the server cannot be reached, with
 * how to start one, or fails instead when the environment variable {@code CI} is {@code true}. After the class,
 * the schemas its stores used are dropped.
 */
final class PostgresServerExtension implements TestInstancePreConstructCallback, BeforeEachCallback, AfterAllCallback {

    /** Why the server cannot be reached, checked once per JVM; "" when it can. */
    private static volatile String unavailable;

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        failOrSkipWithoutServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failOrSkipWithoutServer();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (reason().isEmpty()) {
            TestDatabase.dropUsedSchemas();
        }
    }

    private static String reason() {
        if (unavailable == null) {
            try (Connection connection = TestDatabase.connect()) {
                unavailable = connection.isValid(5) ? "" : "the connection is not valid";
            } catch (SQLException e) {
                unavailable = String.valueOf(e.getMessage());
            }
        }
        return unavailable;
    }

    private static void failOrSkipWithoutServer() {
        String reason = reason();
        if (reason.isEmpty()) {
            return;
        }
        String where = "PostgreSQL at " + TestDatabase.URL + " (user " + TestDatabase.USER + ") is not reachable: "
                + reason.replaceAll("\\.+$", "") + ". To run these tests, " + TestDatabase.HOW_TO_START;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(where + " (CI=true, so this fails instead of skipping)");
        }
        Assumptions.abort("Skipped: " + where + " (with CI=true they fail instead of skipping)");
    }
}

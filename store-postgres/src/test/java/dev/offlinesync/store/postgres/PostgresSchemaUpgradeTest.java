package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.jdbc.SchemaUpgradeTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The PostgreSQL fixture {@code fixtures/schema-v1.sql} is a {@code pg_dump} of the schema {@value #FIXTURE_SCHEMA}
 * that {@link #main} wrote with schema version 1. The test loads it into a schema of its own (renamed) and opens
 * the store there. To write it again, with the test classpath and the test database's settings:
 * {@code java -cp <test classpath> dev.offlinesync.store.postgres.PostgresSchemaUpgradeTest}, then
 * {@code pg_dump -h 127.0.0.1 -U offlinesync --schema=fixture_v1 --no-owner --no-privileges --inserts
 * offlinesync_test > store-postgres/src/test/resources/fixtures/schema-v1.sql}.
 */
@ExtendWith(PostgresServerExtension.class)
class PostgresSchemaUpgradeTest extends SchemaUpgradeTest {

    private static final String FIXTURE_SCHEMA = "fixture_v1";

    @Override
    protected String fixtureResource() {
        return "/fixtures/schema-v1.sql";
    }

    @Override
    protected String fileName() {
        return "upgrade.sql";
    }

    /** Loads the dump into the file's schema the first time, then opens the store there. */
    @Override
    protected SyncContextDataSource open(Path file) {
        String schema = TestDatabase.schemaFor(file);
        try (Connection connection = TestDatabase.connect()) {
            if (!exists(connection, schema)) {
                String dump = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.startsWith("\\")) // psql's meta-commands, not SQL
                        .collect(Collectors.joining("\n"));
                try (Statement statement = connection.createStatement()) {
                    statement.execute(dump.replace(FIXTURE_SCHEMA, schema));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the fixture into schema " + schema, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestDatabase.store(schema);
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            find.setString(1, schema);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void main(String[] args) {
        try (PostgresStore store = PostgresStore.builder(TestDatabase.URL, TestDatabase.USER, TestDatabase.PASSWORD)
                .schema(FIXTURE_SCHEMA).build()) {
            writeFixture(store);
        }
    }
}

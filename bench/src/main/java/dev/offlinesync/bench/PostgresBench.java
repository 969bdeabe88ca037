package dev.offlinesync.bench;

import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.postgres.PostgresStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL side of the benchmark: a schema per run in the database of {@code OFFLINESYNC_PG_URL},
 * {@code OFFLINESYNC_PG_USER} and {@code OFFLINESYNC_PG_PASSWORD} (by default the one
 * {@code store-postgres/setup-postgres.sh} makes), dropped at the end.
 */
final class PostgresBench {

    private static final String URL = setting("OFFLINESYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/offlinesync_test");
    private static final String USER = setting("OFFLINESYNC_PG_USER", "offlinesync");
    private static final String PASSWORD = setting("OFFLINESYNC_PG_PASSWORD", "offlinesync");
    private static final List<String> SCHEMAS = new ArrayList<>();

    private PostgresBench() {
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The schema of a run's folder (folder names are letters, digits and a number). */
    private static synchronized String schema(Path folder, String prefix) {
        String schema = prefix + folder.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
        SCHEMAS.add(schema);
        return schema;
    }

    static SyncContextDataSource store(Path folder) {
        return PostgresStore.builder(URL, USER, PASSWORD).schema(schema(folder, "bench_")).build();
    }

    static HandJdbc hand(Path folder) throws SQLException {
        String schema = schema(folder, "bench_hand_");
        Connection connection = connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        connection.setSchema(schema);
        return new HandJdbc(connection, HandJdbc.Flavour.POSTGRES);
    }

    /** A connection through the driver itself (the shaded jar's service files name one driver only). */
    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("reWriteBatchedInserts", "true"); // as the store's own connections have it
        return new org.postgresql.Driver().connect(URL, properties);
    }

    /** Drops the schemas of this run. */
    static synchronized void dropSchemas() throws SQLException {
        if (SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection connection = connect();
             Statement statement = connection.createStatement()) {
            for (String schema : SCHEMAS) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
        SCHEMAS.clear();
    }
}

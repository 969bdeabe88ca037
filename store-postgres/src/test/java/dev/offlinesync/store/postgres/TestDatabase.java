package dev.offlinesync.store.postgres;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL database the tests use: {@code OFFLINESYNC_PG_URL}, {@code OFFLINESYNC_PG_USER} and
 * {@code OFFLINESYNC_PG_PASSWORD}, by default the one {@code store-postgres/setup-postgres.sh} makes. Every store
 * gets a schema of its own, named after the test's folder (so a child JVM finds the same one) or at random; the
 * schemas this JVM used are dropped after each test class.
 */
final class TestDatabase {

    static final String URL = setting("OFFLINESYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/offlinesync_test");
    static final String USER = setting("OFFLINESYNC_PG_USER", "offlinesync");
    static final String PASSWORD = setting("OFFLINESYNC_PG_PASSWORD", "offlinesync");
    static final String HOW_TO_START = "run store-postgres/setup-postgres.sh as root (it installs PostgreSQL when"
            + " missing, starts it on 127.0.0.1:5432 and creates the user and database offlinesync/offlinesync_test),"
            + " or set OFFLINESYNC_PG_URL, OFFLINESYNC_PG_USER and OFFLINESYNC_PG_PASSWORD";

    private static final Set<String> USED = ConcurrentHashMap.newKeySet();

    private TestDatabase() {
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A plain connection to the test database. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** A store in this schema. */
    static PostgresStore store(String schema) {
        USED.add(schema);
        return PostgresStore.builder(URL, USER, PASSWORD).schema(schema).build();
    }

    /** The schema of a test folder: the same in every JVM. */
    static String schemaFor(Path folder) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(folder.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            String schema = "t_" + HexFormat.of().formatHex(hash, 0, 10);
            USED.add(schema);
            return schema;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A new schema's name. */
    static String newSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        USED.add(schema);
        return schema;
    }

    /** Drops every schema this JVM used. */
    static void dropUsedSchemas() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String schema : Set.copyOf(USED)) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                USED.remove(schema);
            }
        }
    }
}

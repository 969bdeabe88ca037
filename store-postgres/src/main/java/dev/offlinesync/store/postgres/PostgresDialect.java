package dev.offlinesync.store.postgres;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.store.jdbc.JdbcDialect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's side of the JDBC store: every connection works in one schema ({@code search_path}), upsert by
 * {@code INSERT ... ON CONFLICT DO UPDATE}, strings compared and ordered with {@code COLLATE "C"} (byte order of
 * UTF-8, which is code point order), literal string matching with {@code starts_with}/{@code right}/{@code strpos},
 * and every write transaction serialized across processes by a transaction-scoped advisory lock on the schema.
 */
final class PostgresDialect implements JdbcDialect {

    /** PostgreSQL cuts longer names to this many bytes. */
    static final int MAX_NAME_BYTES = 63;
    /** The longest suffix the store adds to a table's name for its indexes ({@code $ix$updatedAt$id}). */
    private static final int INDEX_SUFFIX = "$ix$updatedAt$id".length();
    /** Serialization failure, deadlock, lock not available, cancelled by a statement or lock timeout. */
    private static final Set<String> BUSY_STATES = Set.of("40001", "40P01", "55P03", "57014");

    private final String schema;
    private final String lock;

    PostgresDialect(String schema) {
        this.schema = schema;
        this.lock = "SELECT pg_advisory_xact_lock(" + lockKey(schema) + ")";
    }

    /** The advisory lock key of a schema: the same in every process, different for other schemas (almost surely). */
    static long lockKey(String schema) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("offlinesync schema " + schema).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (hash[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String reservedTableName(String name) {
        return name.length() + INDEX_SUFFIX > MAX_NAME_BYTES
                ? "PostgreSQL cuts names to " + MAX_NAME_BYTES + " bytes and the store names indexes after their table"
                        + " with up to " + INDEX_SUFFIX + " more characters, so a table name may have at most "
                        + (MAX_NAME_BYTES - INDEX_SUFFIX) + " characters"
                : null;
    }

    @Override
    public String columnType(ColumnType type) {
        return switch (type) {
            // JSON stays text: jsonb would reorder keys and drop duplicates, and the store reads it back as written
            case STRING, JSON -> "text";
            case INTEGER, DATE -> "bigint";
            case REAL -> "double precision";
            case BOOLEAN -> "boolean";
        };
    }

    @Override
    public String textType() {
        return "text";
    }

    @Override
    public String upsert(String table, List<String> columns, String key) {
        return JdbcDialect.insertOnConflictUpdate(table, columns, key);
    }

    /**
     * The store's connections rewrite a batch of inserts into multi-row ones ({@code reWriteBatchedInserts}), whose
     * counts say nothing per row.
     */
    @Override
    public boolean insertIfAbsentCountsInBatches() {
        return false;
    }

    @Override
    public String stringOrderKey(String expression) {
        return "(" + expression + ") COLLATE \"C\"";
    }

    @Override
    public String startsWith(String column) {
        return "starts_with(" + column + ", ?)";
    }

    @Override
    public String endsWith(String column) {
        return "right(" + column + ", char_length(?)) = ?";
    }

    @Override
    public String contains(String column) {
        return "strpos(" + column + ", ?) > 0";
    }

    @Override
    public String limit(boolean top, boolean skip) {
        if (top) {
            return skip ? "LIMIT ? OFFSET ?" : "LIMIT ?";
        }
        return "OFFSET ?";
    }

    @Override
    public boolean transactionalSchemaChanges() {
        return true;
    }

    @Override
    public int maxParameters() {
        return 32_767;
    }

    /**
     * Points the connection at the schema ({@code setSchema}, which a pool such as HikariCP resets when the
     * connection goes back). The writer reads committed data: its transactions begin with the advisory lock, and
     * a snapshot taken before the lock was granted would miss what the previous holder committed. Readers read
     * one snapshot per read, so rows and their count agree. Opening the writer creates the schema when missing.
     */
    @Override
    public void configure(Connection connection, Role role) throws SQLException {
        connection.setSchema(schema);
        if (role == Role.READER) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return;
        }
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        createSchema(connection);
    }

    /** Creates the schema unless it exists, under the lock, so that processes starting together do not collide. */
    private void createSchema(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(lock);
            }
            boolean exists;
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
                find.setString(1, schema);
                try (ResultSet rs = find.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                // CREATE SCHEMA IF NOT EXISTS would need the CREATE privilege even when the schema exists.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE SCHEMA " + quote(schema));
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Several processes may share the schema. The engine reads, then writes, the queue's counter and the push
     * lease inside one transaction; under READ COMMITTED two processes could both read the same value. The lock
     * makes every write transaction on the schema wait for the one before it, in any process, and is released by
     * the commit, the rollback, or the end of the session when the process dies.
     */
    @Override
    public String lockWrite() {
        return lock;
    }

    @Override
    public boolean isBusy(SQLException failure) {
        String state = failure.getSQLState(); // null when the driver failed before the server answered
        return state != null && BUSY_STATES.contains(state);
    }
}

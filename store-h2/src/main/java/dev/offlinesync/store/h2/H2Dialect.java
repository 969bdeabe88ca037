package dev.offlinesync.store.h2;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.store.jdbc.JdbcDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2's side of the JDBC store: upsert by {@code MERGE ... KEY}, strings compared and ordered as UTF-8 bytes
 * ({@code STRINGTOUTF8}), which is code point order (H2's own order is UTF-16's), and literal, case-sensitive
 * string matching with {@code LEFT}/{@code RIGHT}/{@code LOCATE}.
 */
final class H2Dialect implements JdbcDialect {

    /** H2's codes for a lock timeout, a deadlock and a database file in use by another process. */
    private static final List<Integer> BUSY_CODES = List.of(50200, 40001, 90020);

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String columnType(ColumnType type) {
        return switch (type) {
            case STRING, JSON -> "CHARACTER VARYING";
            case INTEGER, DATE -> "BIGINT";
            case REAL -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    @Override
    public String textType() {
        return "CHARACTER VARYING";
    }

    @Override
    public String upsert(String table, List<String> columns, String key) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY(" + key + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** H2 has no {@code ON CONFLICT}; a failed statement leaves its transaction usable, so a plain insert does. */
    @Override
    public String insertIfAbsent(String table, List<String> columns, String key) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** Its plain insert fails on a taken key, which a batch would report as a failure, not as a count of 0. */
    @Override
    public boolean insertIfAbsentCountsInBatches() {
        return false;
    }

    @Override
    public String stringOrderKey(String expression) {
        return "STRINGTOUTF8(" + expression + ")";
    }

    @Override
    public String startsWith(String column) {
        return "LEFT(" + column + ", CHAR_LENGTH(?)) = ?";
    }

    @Override
    public String endsWith(String column) {
        return "RIGHT(" + column + ", CHAR_LENGTH(?)) = ?";
    }

    @Override
    public String contains(String column) {
        return "LOCATE(?, " + column + ") > 0";
    }

    @Override
    public String limit(boolean top, boolean skip) {
        if (top) {
            return skip ? "LIMIT ? OFFSET ?" : "LIMIT ?";
        }
        return "OFFSET ? ROWS";
    }

    @Override
    public boolean transactionalSchemaChanges() {
        return false;
    }

    @Override
    public int maxParameters() {
        return 65_536;
    }

    @Override
    public void configure(Connection connection, Role role) throws SQLException {
        if (role == Role.READER) {
            // the rows and the count of one read come from one snapshot
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    @Override
    public boolean isBusy(SQLException failure) {
        return BUSY_CODES.contains(failure.getErrorCode());
    }
}

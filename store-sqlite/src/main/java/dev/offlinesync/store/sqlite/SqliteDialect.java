package dev.offlinesync.store.sqlite;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.store.jdbc.JdbcDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * SQLite's side of the JDBC store: upsert by {@code INSERT ... ON CONFLICT DO UPDATE}, string matching with
 * {@code substr}/{@code instr} (case-sensitive and literal, unlike {@code LIKE}), and for files WAL with
 * {@code synchronous=NORMAL} (a commit survives a crash of the process) and a busy timeout.
 *
 * <p>Public for stores that reach SQLite through another build of the sqlite-jdbc driver (an encrypting one, say)
 * and need the same SQL and connection set-up as {@link SqliteStore}; apps use {@link SqliteStore}.
 */
public final class SqliteDialect implements JdbcDialect {

    private final boolean file;
    private final Duration busyTimeout;

    SqliteDialect(boolean file, Duration busyTimeout) {
        this.file = file;
        this.busyTimeout = busyTimeout;
    }

    /**
     * The dialect for a database file, as {@link SqliteStore#file} uses it: WAL, {@code synchronous=NORMAL}, and
     * this busy timeout for writes that meet another process's.
     *
     * @param busyTimeout how long a write waits for another process's write before failing
     * @return the dialect
     */
    public static SqliteDialect forFile(Duration busyTimeout) {
        return new SqliteDialect(true, Objects.requireNonNull(busyTimeout, "busyTimeout"));
    }

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public String reservedTableName(String name) {
        return name.regionMatches(true, 0, "sqlite_", 0, "sqlite_".length())
                ? "SQLite reserves names starting with sqlite_ (in any case) for its own tables" : null;
    }

    @Override
    public String columnType(ColumnType type) {
        return switch (type) {
            case STRING, JSON -> "TEXT";
            case INTEGER, BOOLEAN, DATE -> "INTEGER";
            case REAL -> "REAL";
        };
    }

    @Override
    public String textType() {
        return "TEXT";
    }

    @Override
    public String upsert(String table, List<String> columns, String key) {
        return JdbcDialect.insertOnConflictUpdate(table, columns, key);
    }

    /** SQLite's own spelling, older than {@code IS DISTINCT FROM} (3.39) and the same operator. */
    @Override
    public String distinct(String left, String right) {
        return left + " IS NOT " + right;
    }

    @Override
    public String startsWith(String column) {
        return "substr(" + column + ", 1, length(?)) = ?";
    }

    @Override
    public String endsWith(String column) {
        return "substr(" + column + ", -length(?)) = ?";
    }

    @Override
    public String contains(String column) {
        return "instr(" + column + ", ?) > 0";
    }

    @Override
    public String limit(boolean top, boolean skip) {
        if (top) {
            return skip ? "LIMIT ? OFFSET ?" : "LIMIT ?";
        }
        return "LIMIT -1 OFFSET ?";
    }

    @Override
    public boolean transactionalSchemaChanges() {
        return true;
    }

    @Override
    public int maxParameters() {
        return 32_766;
    }

    @Override
    public void configure(Connection connection, Role role) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            if (file) {
                if (role == Role.WRITER) {
                    statement.execute("PRAGMA journal_mode = WAL");
                    // A 32 MB page cache for B-trees with random UUID keys. Checkpoints every ~40 MB of WAL instead
                    // of every 4 MB: batched pulled pages went from ~61k to ~86k rows/s in the bench module. The
                    // WAL file is cut back to 16 MB after a checkpoint.
                    statement.execute("PRAGMA cache_size = -32768");
                    statement.execute("PRAGMA wal_autocheckpoint = 10000");
                    statement.execute("PRAGMA journal_size_limit = 16777216");
                }
                statement.execute("PRAGMA synchronous = NORMAL");
            }
        }
    }

    /**
     * A deferred transaction that reads first takes a snapshot; when another process writes meanwhile, its own
     * first write cannot upgrade it and fails at once with {@code SQLITE_BUSY_SNAPSHOT}, without waiting the busy
     * timeout. Taking the write lock at the start waits for the other process instead. (sqlite-jdbc's own
     * IMMEDIATE mode would begin the next transaction right after each commit and hold the lock between them.)
     */
    @Override
    public String beginWrite() {
        return "BEGIN IMMEDIATE";
    }

    @Override
    public boolean isBusy(SQLException failure) {
        int code = failure.getErrorCode() & 0xff;
        String message = String.valueOf(failure.getMessage()).toUpperCase(Locale.ROOT);
        return code == 5 || code == 6 || message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
    }
}

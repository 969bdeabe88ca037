package dev.offlinesync.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JDBC connection and its prepared statements, reused by their SQL text (least recently used ones are
 * closed beyond {@link #CACHED}). Used by one thread at a time: the writer under the store's lock, a reader
 * while borrowed.
 */
final class SqlConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SqlConnection.class.getName());
    private static final int CACHED = 64;

    final Connection connection;
    /** The dialect's statement that starts a write transaction, or {@code null} for JDBC's transactions. */
    private final String begin;
    /** The dialect's statement that locks a write transaction, or {@code null}. */
    private final String lock;
    /** Whether {@link #begin} started a transaction that has not ended yet. */
    private boolean begun;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(CACHED * 2, 0.75f, true);
    /** How many statements the driver prepared (cache misses): what a reused statement saves is compiling. */
    private long prepared;
    /** How many statements were asked for, each run once: the round trips into the database. */
    private long run;

    /**
     * A connection whose transactions start with {@code begin} (it stays in auto-commit mode), or, when it is
     * {@code null}, with the first statement (it is out of auto-commit mode); {@code lock}, when not
     * {@code null}, is the first statement of each transaction.
     */
    SqlConnection(Connection connection, String begin, String lock) {
        this.connection = connection;
        this.begin = begin;
        this.lock = lock;
    }

    /** Opens a connection and sets it up for its role as the dialect says; a failed set-up closes it again. */
    static SqlConnection open(ConnectionFactory connections, JdbcDialect dialect, JdbcDialect.Role role)
            throws SQLException {
        Connection connection = connections.open();
        try {
            dialect.configure(connection, role);
            boolean writes = role == JdbcDialect.Role.WRITER;
            String begin = writes ? dialect.beginWrite() : null;
            connection.setAutoCommit(begin != null);
            return new SqlConnection(connection, begin, writes ? dialect.lockWrite() : null);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Starts a transaction (unless JDBC starts them, or one is running) and takes the dialect's write lock. Called
     * once at the start of each outermost write or transaction. The begin and commit statements are prepared once
     * and kept, like any other: a statement made and closed for each cost a local write two compilations.
     */
    void begin() throws SQLException {
        if (begin != null) {
            if (begun) {
                return;
            }
            prepare(begin).execute();
            begun = true;
        }
        if (lock != null) {
            prepare(lock).execute();
        }
    }

    /** Commits the running transaction; a failed commit leaves it running, for {@link #rollback}. */
    void commit() throws SQLException {
        if (begin == null) {
            connection.commit();
        } else if (begun) {
            prepare("COMMIT").execute();
            begun = false;
        }
    }

    /** Rolls the running transaction back. */
    void rollback() throws SQLException {
        if (begin == null) {
            connection.rollback();
        } else if (begun) {
            begun = false;
            execute("ROLLBACK");
        }
    }

    /** A prepared statement for this SQL, from the cache when it was prepared before. */
    PreparedStatement prepare(String sql) throws SQLException {
        run++;
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared++;
            statements.put(sql, statement);
            if (statements.size() > CACHED) {
                Iterator<PreparedStatement> eldest = statements.values().iterator();
                PreparedStatement evicted = eldest.next();
                eldest.remove();
                evicted.close();
            }
        }
        return statement;
    }

    /** How many statements this connection has prepared, each a compilation, since it was opened. */
    long prepared() {
        return prepared;
    }

    /** How many statements this connection has run (begin, lock and commit included) since it was opened. */
    long run() {
        return run;
    }

    /** Runs a statement that is not worth keeping (schema changes). */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Closes the cached statements and the connection; failures are logged, as nothing can be done. */
    @Override
    public void close() {
        try {
            closeReporting();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a database connection failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the cached statements (their failures logged: the connection's close ends them anyway) and the
     * connection, whose failure is thrown for the store's close to report.
     */
    void closeReporting() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a statement failed", e);
            }
        }
        statements.clear();
        connection.close();
    }
}

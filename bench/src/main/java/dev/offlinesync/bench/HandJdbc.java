package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The same writes as the stores make, written by hand in plain JDBC: the same tables, indexes, pragmas and
 * transactions, with nothing of the library between the caller and the driver.
 */
final class HandJdbc implements AutoCloseable {

    /** The database the connection goes to. */
    enum Flavour { SQLITE, H2, POSTGRES }

    private static final String COLUMNS = "id, text, complete, priority, score, due, createdAt, updatedAt, version";
    private static final String CONFIG_COLUMNS = "id, tableName, kind, queryId, val";
    private static final List<String> CURSOR_FIELDS = List.of("id", "tableName", "kind", "queryId", "value");
    private static final String OP_COLUMNS = "id, sequence, tableName, itemId, kind, state, item";
    /** Any fixed key: one connection writes, so the lock only costs what the store's costs. */
    private static final long ADVISORY_KEY = 7_420_001L;
    private static final String UNIQUE_VIOLATION = "23505";

    private final Connection connection;
    private final boolean sqlite;
    private final Flavour flavour;
    private final PreparedStatement upsertItem;
    private final PreparedStatement upsertConfig;
    private final PreparedStatement insertItem;
    private final PreparedStatement insertOp;
    /** PostgreSQL's first statement of a write transaction, as the store's (an advisory lock); else null. */
    private final PreparedStatement lockWrite;

    HandJdbc(Connection connection, Flavour flavour) throws SQLException {
        this.connection = connection;
        this.flavour = flavour;
        this.sqlite = flavour == Flavour.SQLITE;
        String text = flavour == Flavour.H2 ? "CHARACTER VARYING" : "TEXT";
        String bigint = sqlite ? "INTEGER" : "BIGINT";
        try (Statement s = connection.createStatement()) {
            if (sqlite) {
                sqlitePragmas(s);
            }
            s.execute("CREATE TABLE items (id " + text + " NOT NULL PRIMARY KEY, text " + text + ", complete "
                    + (sqlite ? "INTEGER" : "BOOLEAN") + ", priority " + bigint + ", score "
                    + (sqlite ? "REAL" : "DOUBLE PRECISION") + ", due " + bigint + ", createdAt " + bigint
                    + ", updatedAt " + bigint + ", version " + text + ")");
            s.execute("CREATE INDEX items_updated ON items (updatedAt, id)");
            s.execute("CREATE TABLE config (id " + text + " NOT NULL PRIMARY KEY, tableName " + text + ", kind " + text
                    + ", queryId " + text + ", val " + text + ")");
            s.execute("CREATE TABLE ops (id " + text + " NOT NULL PRIMARY KEY, sequence " + bigint + ", tableName "
                    + text + ", itemId " + text + ", kind " + text + ", state " + text + ", item " + text + ")");
            s.execute("CREATE INDEX ops_item ON ops (tableName, itemId)");
            s.execute("CREATE INDEX ops_sequence ON ops (sequence)");
        }
        connection.setAutoCommit(false);
        upsertItem = connection.prepareStatement(upsert("items", COLUMNS, 9));
        upsertConfig = connection.prepareStatement(upsert("config", CONFIG_COLUMNS, 5));
        // The local insert's two writes in the forms the stores use: the row's insert tells whether the id is taken
        // (H2 fails with a unique violation, the others insert nothing), the queue entry takes its number in the
        // same statement.
        insertItem = connection.prepareStatement("INSERT INTO items (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + (flavour == Flavour.H2 ? "" : " ON CONFLICT (id) DO NOTHING"));
        insertOp = connection.prepareStatement("INSERT INTO ops (" + OP_COLUMNS + ") SELECT ?,"
                + " (SELECT COALESCE(MAX(sequence), 0) + 1 FROM ops), ?, ?, ?, ?, ?");
        lockWrite = flavour == Flavour.POSTGRES
                ? connection.prepareStatement("SELECT pg_advisory_xact_lock(" + ADVISORY_KEY + ")") : null;
    }

    private String upsert(String table, String columns, int count) {
        String marks = String.join(", ", java.util.Collections.nCopies(count, "?"));
        if (flavour == Flavour.H2) {
            return "MERGE INTO " + table + " (" + columns + ") KEY(id) VALUES (" + marks + ")";
        }
        StringBuilder set = new StringBuilder();
        for (String column : columns.split(", ")) {
            if (!column.equals("id")) {
                set.append(set.length() == 0 ? "" : ", ").append(column).append(" = excluded.").append(column);
            }
        }
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT(id) DO UPDATE SET " + set;
    }

    /** One pulled page: a batch upsert and the cursor, in one transaction. */
    void applyPage(List<Map<String, Object>> page) throws SQLException {
        for (Map<String, Object> row : page) {
            bindItem(upsertItem, row);
            upsertItem.addBatch();
        }
        upsertItem.executeBatch();
        Map<String, Object> cursor = BenchRows.cursor(page.get(page.size() - 1));
        int i = 1;
        for (String field : CURSOR_FIELDS) {
            upsertConfig.setString(i++, (String) cursor.get(field));
        }
        upsertConfig.executeUpdate();
        connection.commit();
    }

    /**
     * One pulled page through PostgreSQL's {@code COPY} (no upsert: only right for rows not there yet, as in a first
     * pull), and the cursor, in one transaction: the ceiling of what a first pull can write.
     */
    void copyPage(List<Map<String, Object>> page) throws SQLException {
        StringBuilder csv = new StringBuilder();
        for (Map<String, Object> row : page) {
            csv.append(quoted((String) row.get("id"))).append(',').append(quoted((String) row.get("text"))).append(',')
                    .append(row.get("complete")).append(',').append(row.get("priority")).append(',')
                    .append(row.get("score")).append(',').append(((Instant) row.get("due")).toEpochMilli()).append(',')
                    .append(((Instant) row.get("createdAt")).toEpochMilli()).append(',')
                    .append(((Instant) row.get("updatedAt")).toEpochMilli()).append(',')
                    .append(quoted((String) row.get("version"))).append('\n');
        }
        try {
            connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("COPY items (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new java.io.StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY failed", e);
        }
        Map<String, Object> cursor = BenchRows.cursor(page.get(page.size() - 1));
        int i = 1;
        for (String field : CURSOR_FIELDS) {
            upsertConfig.setString(i++, (String) cursor.get(field));
        }
        upsertConfig.executeUpdate();
        connection.commit();
    }

    private static String quoted(String value) {
        return value == null ? "" : '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * One local insert as the engine makes it for an item without an id (it makes a time-ordered UUID, which no row or
     * queued operation can have yet): the row's insert, which says whether the id is taken, the queue entry numbered one past
     * the highest in the same statement, commit. SQLite's transaction begins {@code IMMEDIATE} (the connection's
     * transaction mode) and PostgreSQL's with the advisory lock, as the stores' do. An item with an id adds a
     * {@code WHERE NOT EXISTS} on its queued operations to the queue entry's insert.
     */
    void insertLocally(ObjectNode item) throws SQLException {
        String id = HandIds.TIME_ORDERED.get();
        if (lockWrite != null) {
            lockWrite.executeQuery().close();
        }
        insertItem.setString(1, id);
        insertItem.setString(2, item.get("text").textValue());
        insertItem.setBoolean(3, item.get("complete").booleanValue());
        insertItem.setLong(4, item.get("priority").longValue());
        insertItem.setDouble(5, item.get("score").doubleValue());
        insertItem.setLong(6, Instant.parse(item.get("due").textValue()).toEpochMilli());
        insertItem.setNull(7, Types.BIGINT);
        insertItem.setNull(8, Types.BIGINT);
        insertItem.setNull(9, Types.VARCHAR);
        if (!inserted(insertItem)) {
            connection.rollback();
            throw new IllegalStateException("exists already: " + id);
        }
        insertOp.setString(1, HandIds.TIME_ORDERED.get());
        insertOp.setString(2, BenchRows.TABLE);
        insertOp.setString(3, id);
        insertOp.setString(4, "INSERT");
        insertOp.setString(5, "pending");
        insertOp.setNull(6, Types.VARCHAR);
        insertOp.executeUpdate();
        connection.commit();
    }

    private static boolean inserted(PreparedStatement insert) throws SQLException {
        try {
            return insert.executeUpdate() > 0;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void bindItem(PreparedStatement statement, Map<String, Object> row) throws SQLException {
        statement.setString(1, (String) row.get("id"));
        statement.setString(2, (String) row.get("text"));
        statement.setBoolean(3, (Boolean) row.get("complete"));
        statement.setLong(4, (Long) row.get("priority"));
        statement.setDouble(5, (Double) row.get("score"));
        statement.setLong(6, ((Instant) row.get("due")).toEpochMilli());
        statement.setLong(7, ((Instant) row.get("createdAt")).toEpochMilli());
        statement.setLong(8, ((Instant) row.get("updatedAt")).toEpochMilli());
        statement.setString(9, (String) row.get("version"));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** The pragmas the library's SQLite store sets, so that both sides write with the same durability. */
    static void sqlitePragmas(Statement s) throws SQLException {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA cache_size = -32768");
        s.execute("PRAGMA wal_autocheckpoint = 10000");
        s.execute("PRAGMA journal_size_limit = 16777216");
    }
}

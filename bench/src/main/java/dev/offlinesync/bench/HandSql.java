package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The hand-written side's database: the library's table layout (dates as epoch ms, an index on
 * {@code (updatedAt, id)}, the queue indexed by item and by sequence, SQLite's WAL pragmas, H2 with
 * {@code WRITE_DELAY=0}) written through plain JDBC with one reused statement per kind of write.
 */
final class HandSql implements AutoCloseable {

    /** The database engine. */
    enum Flavour { SQLITE, H2 }

    /** One row as the server sent it, parsed straight from the stream. */
    static final class Row {
        String id;
        String title;
        boolean done;
        double amount;
        long due;
        String note;
        long createdAt;
        long updatedAt;
        String version;
        boolean deleted;

        /** The user columns (id, title, done, amount, due, note) from the result's columns {@code first} onwards. */
        static Row read(ResultSet rs, int first) throws SQLException {
            Row row = new Row();
            row.id = rs.getString(first);
            row.title = rs.getString(first + 1);
            row.done = rs.getBoolean(first + 2);
            row.amount = rs.getDouble(first + 3);
            row.due = rs.getLong(first + 4);
            row.note = rs.getString(first + 5);
            return row;
        }
    }

    private static final String COLUMNS = "id, title, done, amount, due, note, createdAt, updatedAt, version";

    private final Connection connection;
    /** The URL the connection was opened with, for a second connection that reads. */
    private final String url;
    private final PreparedStatement upsertItem;
    private final PreparedStatement deleteItem;
    private final PreparedStatement upsertCursor;
    private final PreparedStatement readCursor;
    private final PreparedStatement insertItem;
    private final PreparedStatement insertOp;
    private final PreparedStatement queued;
    private final PreparedStatement pushed;
    private final PreparedStatement dequeue;
    private final PreparedStatement retitle;

    /** The ids of local inserts and their queue entries. */
    private final HandIds ids;

    HandSql(Flavour flavour, Path folder) throws SQLException {
        this(flavour, folder, HandIds.RANDOM);
    }

    HandSql(Flavour flavour, Path folder, HandIds ids) throws SQLException {
        this.ids = ids;
        boolean sqlite = flavour == Flavour.SQLITE;
        url = sqlite ? "jdbc:sqlite:" + folder.resolve("hand.db")
                : "jdbc:h2:file:" + folder.resolve("hand") + ";WRITE_DELAY=0";
        connection = sqlite ? new org.sqlite.JDBC().connect(url, new Properties())
                : new org.h2.Driver().connect(url, new Properties());
        String text = sqlite ? "TEXT" : "CHARACTER VARYING";
        String bigint = sqlite ? "INTEGER" : "BIGINT";
        try (Statement s = connection.createStatement()) {
            if (sqlite) {
                HandJdbc.sqlitePragmas(s);
            }
            s.execute("CREATE TABLE items (id " + text + " NOT NULL PRIMARY KEY, title " + text + ", done "
                    + (sqlite ? "INTEGER" : "BOOLEAN") + ", amount " + (sqlite ? "REAL" : "DOUBLE PRECISION")
                    + ", due " + bigint + ", note " + text + ", createdAt " + bigint + ", updatedAt " + bigint
                    + ", version " + text + ")");
            s.execute("CREATE INDEX items_updated ON items (updatedAt, id)");
            s.execute("CREATE TABLE config (id " + text + " NOT NULL PRIMARY KEY, val " + text + ")");
            s.execute("CREATE TABLE ops (id " + text + " NOT NULL PRIMARY KEY, sequence " + bigint + ", tableName "
                    + text + ", itemId " + text + ", kind " + text + ", state " + text + ", item " + text + ")");
            s.execute("CREATE INDEX ops_item ON ops (tableName, itemId)");
            s.execute("CREATE INDEX ops_sequence ON ops (sequence)");
        }
        connection.setAutoCommit(false);
        String marks = String.join(", ", Collections.nCopies(9, "?"));
        upsertItem = connection.prepareStatement(sqlite
                ? "INSERT INTO items (" + COLUMNS + ") VALUES (" + marks + ") ON CONFLICT(id) DO UPDATE SET"
                + " title = excluded.title, done = excluded.done, amount = excluded.amount, due = excluded.due,"
                + " note = excluded.note, createdAt = excluded.createdAt, updatedAt = excluded.updatedAt,"
                + " version = excluded.version"
                : "MERGE INTO items (" + COLUMNS + ") KEY(id) VALUES (" + marks + ")");
        deleteItem = connection.prepareStatement("DELETE FROM items WHERE id = ?");
        upsertCursor = connection.prepareStatement(sqlite
                ? "INSERT INTO config (id, val) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET val = excluded.val"
                : "MERGE INTO config (id, val) KEY(id) VALUES (?, ?)");
        readCursor = connection.prepareStatement("SELECT val FROM config WHERE id = ?");
        insertItem = connection.prepareStatement("INSERT INTO items (" + COLUMNS + ") VALUES (" + marks + ")");
        // The queue position comes from the store inside the write's transaction, as it must when two
        // processes share the file; the index on sequence makes it a seek.
        insertOp = connection.prepareStatement("INSERT INTO ops (id, sequence, tableName, itemId, kind, state, item)"
                + " VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM ops), ?, ?, 'insert', 'pending', NULL)");
        queued = connection.prepareStatement("SELECT o.id, o.sequence, i.id, i.title, i.done, i.amount, i.due,"
                + " i.note FROM ops o JOIN items i ON i.id = o.itemId WHERE o.tableName = ? AND o.sequence > ?"
                + " ORDER BY o.sequence LIMIT 500");
        pushed = connection.prepareStatement("UPDATE items SET createdAt = ?, updatedAt = ?, version = ? WHERE id = ?");
        dequeue = connection.prepareStatement("DELETE FROM ops WHERE id = ?");
        retitle = connection.prepareStatement("UPDATE items SET title = ? WHERE id = ?");
    }

    /** One pulled page and the cursor after it, in one transaction. */
    void applyPage(List<Row> rows, String cursorId, String cursor) throws SQLException {
        boolean deletes = false;
        for (Row row : rows) {
            if (row.deleted) {
                deleteItem.setString(1, row.id);
                deleteItem.addBatch();
                deletes = true;
                continue;
            }
            upsertItem.setString(1, row.id);
            upsertItem.setString(2, row.title);
            upsertItem.setBoolean(3, row.done);
            upsertItem.setDouble(4, row.amount);
            upsertItem.setLong(5, row.due);
            upsertItem.setString(6, row.note);
            upsertItem.setLong(7, row.createdAt);
            upsertItem.setLong(8, row.updatedAt);
            upsertItem.setString(9, row.version);
            upsertItem.addBatch();
        }
        upsertItem.executeBatch();
        if (deletes) {
            deleteItem.executeBatch();
        }
        upsertCursor.setString(1, cursorId);
        upsertCursor.setString(2, cursor);
        upsertCursor.executeUpdate();
        connection.commit();
    }

    /** The saved cursor, or null before the first pull. */
    String cursor(String cursorId) throws SQLException {
        readCursor.setString(1, cursorId);
        try (ResultSet rs = readCursor.executeQuery()) {
            String value = rs.next() ? rs.getString(1) : null;
            connection.commit();
            return value;
        }
    }

    /** A local insert: the row and its queue entry, one transaction. */
    void insertLocally(String table, ObjectNode item) throws SQLException {
        insertLocally(table, ids.get(), item);
    }

    /** A local insert with a given id. */
    void insertLocally(String table, String id, ObjectNode item) throws SQLException {
        insertItem.setString(1, id);
        insertItem.setString(2, item.get("title").textValue());
        insertItem.setBoolean(3, item.get("done").booleanValue());
        insertItem.setDouble(4, item.get("amount").doubleValue());
        insertItem.setLong(5, Instant.parse(item.get("due").textValue()).toEpochMilli());
        insertItem.setString(6, item.get("note").textValue());
        insertItem.setNull(7, Types.BIGINT);
        insertItem.setNull(8, Types.BIGINT);
        insertItem.setNull(9, Types.VARCHAR);
        insertItem.executeUpdate();
        insertOp.setString(1, ids.get());
        insertOp.setString(2, table);
        insertOp.setString(3, id);
        insertOp.executeUpdate();
        connection.commit();
    }

    /** A queued insert with its row, for the push loop. */
    record Queued(String opId, long sequence, Row row) {
    }

    /** The next queued inserts after {@code sequence}, at most 500, in queue order. */
    List<Queued> queued(String table, long sequence) throws SQLException {
        queued.setString(1, table);
        queued.setLong(2, sequence);
        List<Queued> out = new ArrayList<>();
        try (ResultSet rs = queued.executeQuery()) {
            while (rs.next()) {
                out.add(new Queued(rs.getString(1), rs.getLong(2), Row.read(rs, 3)));
            }
        }
        connection.commit();
        return out;
    }

    /** The server's answer to a pushed insert: its system columns kept, the queue entry gone, one commit. */
    void pushed(String opId, Row server) throws SQLException {
        pushed.setLong(1, server.createdAt);
        pushed.setLong(2, server.updatedAt);
        pushed.setString(3, server.version);
        pushed.setString(4, server.id);
        pushed.executeUpdate();
        dequeue.setString(1, opId);
        dequeue.executeUpdate();
        connection.commit();
    }

    /** A local change of an item's title, one transaction (the item's queued insert carries it already). */
    void retitle(String id, String title) throws SQLException {
        retitle.setString(1, title);
        retitle.setString(2, id);
        if (retitle.executeUpdate() != 1) {
            throw new IllegalStateException("no item " + id);
        }
        connection.commit();
    }

    /** A second connection to the database, for reads on another thread while this one writes (WAL). */
    Connection reader() throws SQLException {
        Connection reader = url.startsWith("jdbc:sqlite:") ? new org.sqlite.JDBC().connect(url, new Properties())
                : new org.h2.Driver().connect(url, new Properties());
        reader.setAutoCommit(false);
        return reader;
    }

    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long value = rs.getLong(1);
            connection.commit();
            return value;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

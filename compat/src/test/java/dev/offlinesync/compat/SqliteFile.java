package dev.offlinesync.compat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct SQL on a SQLite file that another process (the Node server) also has open: one short-lived
 * connection per call, with a busy timeout so it waits for the server's write locks instead of failing.
 */
final class SqliteFile {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;

    SqliteFile(Path file) {
        this.file = file;
    }

    int execute(String sql, Object... params) {
        try (Connection connection = open(); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, params, e);
        }
    }

    List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection connection = open();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw failure(sql, params, e);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private IllegalStateException failure(String sql, Object[] params, SQLException e) {
        return new IllegalStateException("SQL on the Node server's database " + file + " failed: " + sql
                + " with " + Arrays.toString(params) + ": " + e.getMessage(), e);
    }
}

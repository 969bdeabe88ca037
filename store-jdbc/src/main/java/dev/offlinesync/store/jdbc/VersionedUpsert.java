package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.spi.Written;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code upsertChanged} in at most two batches, each id probed once by the one that finds it: an {@code UPDATE} of
 * every column where the id is stored with another version, whose per-row counts say which rows it replaced, then,
 * for the rest, an insert that does nothing where the id is taken, whose counts say inserted (1) or unchanged (0).
 * A pulled page whose rows all changed is one statement; nothing is read.
 *
 * <p>When a table's last write inserted more rows than it updated, the next one goes the other way round: the
 * insert first (1: inserted), then the update for the ids it found taken (updated, or unchanged when no row of
 * another version matched). Either way a row the first batch misses costs a probe that finds nothing, so pages of
 * new rows (a pull of rows added on the server, a first pull into a table that holds rows) are one statement as
 * pages of changed rows are; what each row became is the same in both orders.
 */
final class VersionedUpsert {

    /** The SQLState of a failure the driver did not report (dialects read the state of every failure). */
    private static final String GENERAL_ERROR = "HY000";

    private final JdbcDialect dialect;
    /** The statements of each table as defined now (a redefined table is a new key). Writer only. */
    private final Map<Table, Statements> statements = new WeakHashMap<>();
    /** The tables whose last write inserted more rows than it updated: the next tries the insert first. Writer only. */
    private final Map<Table, Boolean> insertFirst = new WeakHashMap<>();

    /**
     * The update and the insert of a table for one version column; {@code keyAgain}: the insert binds the id once
     * more after the row's values.
     */
    private record Statements(Table.Column version, String update, String insert, boolean keyAgain) {
    }

    VersionedUpsert(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Writes the rows that are new or of another version and says what it did with each, in the rows' order. Every
     * row is checked (types, id, version, no id twice) before anything is written. {@code version} is a column of
     * the table other than the id.
     */
    List<Written> write(SqlConnection c, Table table, Table.Column version, List<Map<String, Object>> rows)
            throws SQLException {
        int size = rows.size();
        Object[][] parameters = new Object[size][];
        Integer[] byId = new Integer[size];
        for (int i = 0; i < size; i++) {
            parameters[i] = JdbcValues.toParameters(table, rows.get(i));
            if (parameters[i][version.index()] == null) {
                throw new StoreException("cannot write row '" + parameters[i][0] + "' of table " + table.name
                        + " by version: it has no " + version.name() + "; pass each row with its version");
            }
            byId[i] = i;
        }
        // in id order, which keeps B-tree writes together (as an upsert's batch does) and puts a repeated id next
        Arrays.sort(byId, (a, b) -> ((String) parameters[a][0]).compareTo((String) parameters[b][0]));
        for (int k = 1; k < size; k++) {
            if (parameters[byId[k]][0].equals(parameters[byId[k - 1]][0])) {
                throw new StoreException("cannot write rows of table " + table.name + " by version: row '"
                        + parameters[byId[k]][0] + "' appears twice; pass each row once");
            }
        }
        if (size == 0) {
            return List.of();
        }
        Written[] written = new Written[size];
        Statements sql = statements(table, version);
        List<Table.Column> columns = table.columns;
        Binder update = (statement, values) -> {
            int place = 1;
            for (int i = 1; i < columns.size(); i++) {
                JdbcValues.bind(statement, place++, values[i], columns.get(i).type());
            }
            JdbcValues.bind(statement, place++, values[columns.size()], null);
            JdbcValues.bind(statement, place++, values[0], columns.get(0).type());
            JdbcValues.bind(statement, place, values[version.index()], version.type());
        };
        Binder insert = (statement, values) -> {
            for (int i = 0; i < columns.size(); i++) {
                JdbcValues.bind(statement, i + 1, values[i], columns.get(i).type());
            }
            JdbcValues.bind(statement, columns.size() + 1, values[columns.size()], null);
            if (sql.keyAgain) {
                JdbcValues.bind(statement, columns.size() + 2, values[0], columns.get(0).type());
            }
        };
        boolean newFirst = insertFirst.getOrDefault(table, false);
        Written found = newFirst ? Written.INSERTED : Written.UPDATED;
        Written second = newFirst ? Written.UPDATED : Written.INSERTED;
        int[] counts = batch(c, newFirst ? sql.insert : sql.update, Arrays.asList(byId), parameters,
                newFirst ? insert : update);
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            if (counts[k] > 0) {
                written[byId[k]] = found;
            } else {
                rest.add(byId[k]);
            }
        }
        if (!rest.isEmpty()) {
            counts = batch(c, newFirst ? sql.update : sql.insert, rest, parameters, newFirst ? update : insert);
            for (int k = 0; k < rest.size(); k++) {
                written[rest.get(k)] = counts[k] > 0 ? second : Written.UNCHANGED;
            }
        }
        // the order that would have spent the fewest probes on this write is tried first on the next
        int balance = 0;
        for (Written outcome : written) {
            balance += outcome == Written.INSERTED ? 1 : outcome == Written.UPDATED ? -1 : 0;
        }
        insertFirst.put(table, balance > 0);
        return Collections.unmodifiableList(Arrays.asList(written));
    }

    /** Binds the values of one row to a statement. */
    private interface Binder {
        void bind(PreparedStatement statement, Object[] values) throws SQLException;
    }

    /** Runs one batch of the rows at these positions; fails when the driver does not count each row. */
    private static int[] batch(SqlConnection c, String sql, List<Integer> positions, Object[][] parameters,
                               Binder binder) throws SQLException {
        PreparedStatement statement = c.prepare(sql);
        int[] counts;
        try {
            for (int position : positions) {
                binder.bind(statement, parameters[position]);
                statement.addBatch();
            }
            counts = statement.executeBatch();
        } finally {
            statement.clearBatch();
        }
        // thrown as database failures: what the batch did cannot be told, so its transaction rolls back
        if (counts.length != positions.size()) {
            throw new SQLException("the JDBC driver gave " + counts.length + " update counts for a batch of "
                    + positions.size() + " rows of " + sql, GENERAL_ERROR);
        }
        for (int count : counts) {
            if (count < 0) {
                throw new SQLException("the JDBC driver gave no update count per row (" + count + ") for a batch"
                        + " of " + sql + "; its dialect must not claim counted batches", GENERAL_ERROR);
            }
        }
        return counts;
    }

    private Statements statements(Table table, Table.Column version) {
        Statements made = statements.get(table);
        if (made != null && made.version == version) {
            return made;
        }
        String id = dialect.quote(TableDefinition.ID);
        StringBuilder update = new StringBuilder("UPDATE ").append(table.quoted).append(" SET ");
        List<String> columns = new ArrayList<>();
        for (Table.Column column : table.columns) {
            columns.add(column.quoted());
            if (column.index() > 0) {
                update.append(column.quoted()).append(" = ?, ");
            }
        }
        String extra = dialect.quote(Table.EXTRA);
        columns.add(extra);
        update.append(extra).append(" = ? WHERE ").append(id).append(" = ? AND ")
                .append(dialect.distinct(version.quoted(), "?"));
        boolean counted = dialect.insertIfAbsentCountsInBatches();
        String insert = counted ? dialect.insertIfAbsent(table.quoted, columns, id)
                : "INSERT INTO " + table.quoted + " (" + table.selectList + ") SELECT "
                        + String.join(", ", Collections.nCopies(columns.size(), "?")) + " WHERE NOT EXISTS (SELECT 1"
                        + " FROM " + table.quoted + " WHERE " + id + " = ?)";
        made = new Statements(version, update.toString(), insert, !counted);
        statements.put(table, made);
        return made;
    }
}

package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The reads and writes of the SPI on one connection. Queries SQL can answer exactly run in SQL; the others
 * (filters or orderings on fields the definition does not name) read the rows that the translatable part of
 * the filter selects and finish in Java with {@link InMemoryEvaluator}, so the answer is always the reference
 * one.
 */
final class Queries {

    /** Rows of a batch in id order: neighbouring keys land in the same B-tree pages (H2 gains a third). */
    private static final Comparator<Object[]> BY_ID = Comparator.comparing(parameters -> (String) parameters[0]);

    /** The standard SQLState of a unique (key) violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcDialect dialect;
    /** The insert-if-absent statement of each table as defined now (a redefined table is a new key). Writer only. */
    private final Map<Table, String> insertSql = new WeakHashMap<>();
    /** The numbered insert last built: the queue numbers its entries by one column of one table. Writer only. */
    private NumberedSql lastNumbered;

    /** The SQL of a numbered insert, for a table as defined at the time, its counter column and condition. */
    private record NumberedSql(Table table, Table.Column column, String where, String sql) {
    }

    Queries(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    Optional<Map<String, Object>> lookup(SqlConnection c, Table table, String id) throws SQLException {
        PreparedStatement statement = c.prepare(table.lookupSql);
        statement.setString(1, id);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(JdbcValues.readRow(rs, table)) : Optional.empty();
        }
    }

    ReadResult read(SqlConnection c, Table table, StoreQuery query) throws SQLException {
        Sql.Fragment where = query.where() == null ? null : Sql.where(query.where(), table, dialect);
        String orderBy = Sql.orderBy(query.orderBy(), table, dialect);
        if ((query.where() != null && where == null) || orderBy == null) {
            return readInJava(c, table, query);
        }
        List<String> selected = query.select();
        boolean projectInSql = !selected.isEmpty() && selected.stream().allMatch(field -> table.column(field) != null);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (query.top() != 0) {
            StringBuilder sql = new StringBuilder("SELECT ");
            if (projectInSql) {
                for (int i = 0; i < selected.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(table.column(selected.get(i)).quoted());
                }
            } else {
                sql.append(table.selectList);
            }
            sql.append(" FROM ").append(table.quoted);
            appendWhere(sql, where);
            if (!orderBy.isEmpty()) {
                sql.append(" ORDER BY ").append(orderBy);
            }
            boolean top = query.top() > 0;
            boolean skip = query.skip() > 0;
            if (top || skip) {
                sql.append(' ').append(dialect.limit(top, skip));
            }
            PreparedStatement statement = c.prepare(sql.toString());
            int index = bind(statement, where, 1);
            if (top) {
                statement.setLong(index++, query.top());
            }
            if (skip) {
                statement.setLong(index, query.skip());
            }
            // the selected columns' types looked up once, not for every row (a pull reads a page's ids and versions)
            ColumnType[] types = new ColumnType[projectInSql ? selected.size() : 0];
            for (int i = 0; i < types.length; i++) {
                types[i] = table.column(selected.get(i)).type();
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (projectInSql) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 0; i < types.length; i++) {
                            row.put(selected.get(i), JdbcValues.read(rs, i + 1, types[i]));
                        }
                        rows.add(row);
                    } else {
                        rows.add(project(JdbcValues.readRow(rs, table), selected));
                    }
                }
            }
        }
        long total = -1;
        if (query.includeTotalCount()) {
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ").append(table.quoted);
            appendWhere(sql, where);
            PreparedStatement statement = c.prepare(sql.toString());
            bind(statement, where, 1);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        return new ReadResult(rows, total);
    }

    /** Reads what SQL can pre-select and evaluates the whole query in Java. */
    private ReadResult readInJava(SqlConnection c, Table table, StoreQuery query) throws SQLException {
        List<Map<String, Object>> matched = new ArrayList<>();
        for (Map<String, Object> row : preselect(c, table, query.where())) {
            if (InMemoryEvaluator.matches(query.where(), row)) {
                matched.add(row);
            }
        }
        if (!query.orderBy().isEmpty()) {
            matched.sort(InMemoryEvaluator.comparator(query.orderBy()));
        }
        int from = (int) Math.min(query.skip(), matched.size());
        int to = query.top() < 0 ? matched.size() : from + (int) Math.min(matched.size() - from, query.top());
        List<Map<String, Object>> rows = new ArrayList<>(to - from);
        for (Map<String, Object> row : matched.subList(from, to)) {
            rows.add(project(row, query.select()));
        }
        return new ReadResult(rows, query.includeTotalCount() ? matched.size() : -1);
    }

    /** The rows that may match: those the translatable operands of a top-level AND select, or all. */
    private List<Map<String, Object>> preselect(SqlConnection c, Table table, Predicate where) throws SQLException {
        Sql.Fragment narrowing = where == null ? null : Sql.where(where, table, dialect);
        if (narrowing == null && where instanceof Predicate.And and) {
            List<Predicate> translatable = new ArrayList<>();
            for (Predicate operand : and.operands()) {
                if (Sql.where(operand, table, dialect) != null) {
                    translatable.add(operand);
                }
            }
            narrowing = translatable.isEmpty() ? null : Sql.where(new Predicate.And(translatable), table, dialect);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(table.selectList).append(" FROM ").append(table.quoted);
        appendWhere(sql, narrowing);
        PreparedStatement statement = c.prepare(sql.toString());
        bind(statement, narrowing, 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(JdbcValues.readRow(rs, table));
            }
        }
        return rows;
    }

    /**
     * Inserts or replaces rows with one prepared batch. Every row is checked before anything is written; a
     * repeated id keeps its last row; rows go in id order, which keeps B-tree writes together (measured: H2
     * about 30% faster with random UUIDs, SQLite no slower).
     */
    void upsert(SqlConnection c, Table table, List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement statement;
        if (rows.size() == 1) {
            Object[] parameters = JdbcValues.toParameters(table, rows.get(0));
            statement = c.prepare(table.upsertSql);
            bindRow(statement, table, parameters);
            statement.executeUpdate();
            return;
        }
        Object[][] batch = new Object[rows.size()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = JdbcValues.toParameters(table, rows.get(i));
        }
        // Stable, so that of rows with the same id the last one written stays last (and wins).
        Arrays.sort(batch, BY_ID);
        statement = c.prepare(table.upsertSql);
        try {
            for (int i = 0; i < batch.length; i++) {
                if (i + 1 < batch.length && batch[i][0].equals(batch[i + 1][0])) {
                    continue;
                }
                bindRow(statement, table, batch[i]);
                statement.addBatch();
            }
            statement.executeBatch();
        } finally {
            statement.clearBatch();
        }
    }

    /**
     * Inserts one row unless its id is taken; returns whether it did. A dialect whose insert fails on a taken key
     * (SQLState 23505) rather than doing nothing leaves its transaction usable after the failure.
     */
    boolean insertIfAbsent(SqlConnection c, Table table, Map<String, Object> row) throws SQLException {
        Object[] parameters = JdbcValues.toParameters(table, row);
        String sql = insertSql.get(table);
        if (sql == null) {
            List<String> columns = new ArrayList<>();
            table.columns.forEach(column -> columns.add(column.quoted()));
            columns.add(dialect.quote(Table.EXTRA));
            sql = dialect.insertIfAbsent(table.quoted, columns, dialect.quote(TableDefinition.ID));
            insertSql.put(table, sql);
        }
        PreparedStatement statement = c.prepare(sql);
        bindRow(statement, table, parameters);
        try {
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Inserts one row numbered one more than the table's highest unless a row matches {@code unless}, in one
     * statement: {@code INSERT ... SELECT} of the values with the number as a sub-select, {@code WHERE NOT EXISTS}
     * the rows that stop it. A filter SQL cannot say exactly is checked by a read first.
     */
    boolean insertNumbered(SqlConnection c, Table table, Map<String, Object> row, String counter, Predicate unless)
            throws SQLException {
        Table.Column column = table.column(counter);
        if (column == null || column.type() != ColumnType.INTEGER || column.index() == 0) {
            throw new StoreException("cannot number rows of " + table.name + " by '" + counter + "': it is not an"
                    + " INTEGER column of the table; pass one the table definition names as INTEGER");
        }
        Object[] parameters = JdbcValues.toParameters(table, row);
        Sql.Fragment where = unless == null ? null : Sql.where(unless, table, dialect);
        if (unless != null && where == null) {
            if (!read(c, table, new StoreQuery(table.name, unless, List.of(), 0, 1, List.of(), false)).rows().isEmpty()) {
                return false;
            }
        }
        String whereText = where == null ? null : where.text();
        NumberedSql numbered = lastNumbered;
        if (numbered == null || numbered.table != table || numbered.column != column
                || !Objects.equals(numbered.where, whereText)) {
            numbered = new NumberedSql(table, column, whereText, numberedInsert(table, column, whereText));
            lastNumbered = numbered;
        }
        PreparedStatement statement = c.prepare(numbered.sql);
        List<Table.Column> columns = table.columns;
        int place = 1;
        for (int i = 0; i < columns.size(); i++) {
            if (i != column.index()) {
                JdbcValues.bind(statement, place++, parameters[i], columns.get(i).type());
            }
        }
        JdbcValues.bind(statement, place++, parameters[columns.size()], null);
        bind(statement, where, place);
        return statement.executeUpdate() > 0;
    }

    private String numberedInsert(Table table, Table.Column counter, String where) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.quoted).append(" (")
                .append(table.selectList).append(") SELECT ");
        for (Table.Column column : table.columns) {
            sql.append(column == counter ? "(SELECT COALESCE(MAX(" + counter.quoted() + "), 0) + 1 FROM "
                    + table.quoted + ")" : "?").append(", ");
        }
        sql.append('?');
        if (where != null) {
            sql.append(" WHERE NOT EXISTS (SELECT 1 FROM ").append(table.quoted).append(" WHERE ").append(where)
                    .append(')');
        }
        return sql.toString();
    }

    private static void bindRow(PreparedStatement statement, Table table, Object[] parameters) throws SQLException {
        List<Table.Column> columns = table.columns;
        for (int i = 0; i < columns.size(); i++) {
            JdbcValues.bind(statement, i + 1, parameters[i], columns.get(i).type());
        }
        JdbcValues.bind(statement, columns.size() + 1, parameters[columns.size()], null);
    }

    long delete(SqlConnection c, Table table, Collection<String> ids) throws SQLException {
        LinkedHashSet<String> unique = new LinkedHashSet<>(ids);
        if (unique.isEmpty()) {
            return 0;
        }
        PreparedStatement statement = c.prepare(table.deleteByIdSql);
        if (unique.size() == 1) {
            statement.setString(1, unique.iterator().next());
            return statement.executeUpdate();
        }
        long deleted = 0;
        try {
            for (String id : unique) {
                statement.setString(1, id);
                statement.addBatch();
            }
            for (int count : statement.executeBatch()) {
                deleted += Math.max(count, 0);
            }
        } finally {
            statement.clearBatch();
        }
        return deleted;
    }

    long deleteWhere(SqlConnection c, Table table, Predicate where) throws SQLException {
        Sql.Fragment condition = where == null ? null : Sql.where(where, table, dialect);
        if (where != null && condition == null) {
            List<String> ids = new ArrayList<>();
            for (Map<String, Object> row : preselect(c, table, where)) {
                if (InMemoryEvaluator.matches(where, row)) {
                    ids.add((String) row.get(TableDefinition.ID));
                }
            }
            return delete(c, table, ids);
        }
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.quoted);
        appendWhere(sql, condition);
        PreparedStatement statement = c.prepare(sql.toString());
        bind(statement, condition, 1);
        return statement.executeUpdate();
    }

    private static void appendWhere(StringBuilder sql, Sql.Fragment where) {
        if (where != null) {
            sql.append(" WHERE ").append(where.text());
        }
    }

    private static int bind(PreparedStatement statement, Sql.Fragment fragment, int first) throws SQLException {
        int index = first;
        if (fragment != null) {
            for (Object parameter : fragment.parameters()) {
                JdbcValues.bind(statement, index++, parameter, null);
            }
        }
        return index;
    }

    private static Map<String, Object> project(Map<String, Object> row, List<String> selected) {
        if (selected.isEmpty()) {
            return row;
        }
        Map<String, Object> projected = new LinkedHashMap<>();
        for (String field : selected) {
            projected.put(field, row.get(field));
        }
        return projected;
    }
}

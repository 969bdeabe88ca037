package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JdbcValues on their way between rows and JDBC: type checks against the definition (before anything is written),
 * the SQL form of each column type (dates as epoch milliseconds, booleans as the driver's boolean, JSON as
 * text), and back.
 */
final class JdbcValues {

    private JdbcValues() {
    }

    /**
     * The bind parameters of one row for {@link Table#upsertSql}: one per column, then the extra fields as JSON
     * text (or null). Fails naming the table and column when a value does not fit.
     */
    static Object[] toParameters(Table table, Map<String, Object> row) {
        if (row == null) {
            throw new StoreException("cannot upsert a null row into table " + table.name);
        }
        Object id = row.get(TableDefinition.ID);
        if (!(id instanceof String)) {
            throw new StoreException("every row upserted into table " + table.name + " needs a String 'id', got "
                    + (id == null ? "none" : "a " + id.getClass().getName()));
        }
        Object[] parameters = new Object[table.width()];
        Map<String, Object> extra = null;
        Table.Layout last = table.layout();
        String[] known = last == null ? null : last.names();
        // this row's layout, made only from its first field that differs from the last row's
        String[] names = null;
        Table.Column[] columns = null;
        int position = 0;
        for (Map.Entry<String, Object> field : row.entrySet()) {
            String name = field.getKey();
            if (name == null) {
                throw new StoreException("row '" + id + "' of table " + table.name + " has a null field name");
            }
            Object value = field.getValue();
            Table.Column column;
            if (names == null && known != null && position < known.length && known[position] == name) {
                column = last.columns()[position];
            } else {
                if (names == null) {
                    names = new String[row.size()];
                    columns = new Table.Column[row.size()];
                    if (position > 0) {
                        System.arraycopy(known, 0, names, 0, position);
                        System.arraycopy(last.columns(), 0, columns, 0, position);
                    }
                }
                column = table.column(name);
                if (position < names.length) {
                    names[position] = name;
                    columns[position] = column;
                }
            }
            position++;
            if (column != null) {
                parameters[column.index()] = toSql(table.name, column, value);
            } else {
                checkStorable(value, table.name, name);
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(name, value);
            }
        }
        if (names != null && position == names.length) {
            table.layout(new Table.Layout(names, columns));
        }
        parameters[table.columns.size()] = extra == null ? null : JsonCodec.encode(extra);
        return parameters;
    }

    /**
     * The SQL value of a defined column's value: String, Long, Double, Boolean or null. One switch on the column
     * type both checks and converts: every pulled value passes here, and checking first and converting after
     * cost two.
     */
    static Object toSql(String table, Table.Column column, Object value) {
        if (value == null) {
            return null;
        }
        switch (column.type()) {
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                break;
            case INTEGER:
                if (value instanceof Long) {
                    return value;
                }
                break;
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case REAL:
                if (value instanceof Double real) {
                    if (real.isNaN()) {
                        throw new StoreException("column '" + column.name() + "' of table " + table + " cannot hold"
                                + " NaN: SQL databases do not keep it; store null instead");
                    }
                    return value;
                }
                break;
            case DATE:
                if (value instanceof Instant instant) {
                    return epochMillis(instant, table, column.name());
                }
                break;
            case JSON:
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    checkStorable(value, table, column.name());
                    return JsonCodec.encode(value);
                }
                break;
            default:
                break;
        }
        throw new StoreException("column '" + column.name() + "' of table " + table + " is " + column.type()
                + " and needs a " + column.type().javaType() + ", got a " + value.getClass().getName());
    }

    static long epochMillis(Instant instant, String table, String column) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new StoreException("field '" + column + "' of table " + table + " holds the instant " + instant
                    + ", outside the range a store keeps (epoch milliseconds in a long)", e);
        }
    }

    /** Checks that a value is one of the column types' Java values, deeply for maps and lists. */
    static void checkStorable(Object value, String table, String field) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            return;
        }
        if (value instanceof Instant instant) {
            epochMillis(instant, table, field);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new StoreException("field '" + field + "' of table " + table + " holds a JSON object with a "
                            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                            + " key; JSON object keys must be Strings");
                }
                checkStorable(entry.getValue(), table, field);
            }
            return;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                checkStorable(element, table, field);
            }
            return;
        }
        throw new StoreException("field '" + field + "' of table " + table + " holds a " + value.getClass().getName()
                + "; a store holds only String, Long, Double, Boolean, java.time.Instant, Map, List or null");
    }

    /** Binds a SQL value (String, Long, Double, Boolean or null); a null binds as the column type's null. */
    static void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType(type));
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Double d) {
            statement.setDouble(index, d);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else {
            throw new IllegalStateException("not a SQL value: " + value.getClass().getName());
        }
    }

    private static int sqlType(ColumnType type) {
        if (type == null) {
            return Types.VARCHAR;
        }
        return switch (type) {
            case STRING, JSON -> Types.VARCHAR;
            case INTEGER, DATE -> Types.BIGINT;
            case REAL -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
        };
    }

    /** Reads a column's value as its Java type. */
    static Object read(ResultSet rs, int index, ColumnType type) throws SQLException {
        switch (type) {
            case STRING:
                return rs.getString(index);
            case INTEGER: {
                long value = rs.getLong(index);
                return rs.wasNull() ? null : value;
            }
            case REAL: {
                double value = rs.getDouble(index);
                return rs.wasNull() ? null : value;
            }
            case BOOLEAN: {
                boolean value = rs.getBoolean(index);
                return rs.wasNull() ? null : value;
            }
            case DATE: {
                long value = rs.getLong(index);
                return rs.wasNull() ? null : Instant.ofEpochMilli(value);
            }
            case JSON: {
                String text = rs.getString(index);
                return text == null ? null : JsonCodec.decode(text);
            }
            default:
                throw new IllegalStateException("unknown type " + type);
        }
    }

    /** Reads a whole row selected with {@link Table#selectList}: every column, then the extra fields. */
    static Map<String, Object> readRow(ResultSet rs, Table table) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        int index = 1;
        for (Table.Column column : table.columns) {
            row.put(column.name(), read(rs, index++, column.type()));
        }
        String extra = rs.getString(index);
        if (extra != null) {
            for (Map.Entry<String, Object> field : JsonCodec.decodeMap(extra).entrySet()) {
                row.putIfAbsent(field.getKey(), field.getValue());
            }
        }
        return row;
    }
}

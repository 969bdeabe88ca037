package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a {@link Predicate} tree and an ordering into SQL with the meaning of
 * {@link dev.offlinesync.spi.InMemoryEvaluator}: every value is a bind parameter, names are the table's
 * quoted columns, and three-valued logic is SQL's own. What SQL cannot say exactly (a field the definition
 * does not name, a string match on a non-string column, ordering by a JSON column) makes the translation
 * fail, and the store evaluates that query in Java instead.
 */
final class Sql {

    /** A translated fragment and its parameters (String, Long, Double or Boolean), in order. */
    record Fragment(String text, List<Object> parameters) {
    }

    private static final String TRUE = "(1=1)";
    private static final String FALSE = "(1=0)";

    private final Table table;
    private final JdbcDialect dialect;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    /** Whether IN lists are padded to {@link #listSize}. */
    private final boolean pad;

    private Sql(Table table, JdbcDialect dialect, boolean pad) {
        this.table = table;
        this.dialect = dialect;
        this.pad = pad;
    }

    /**
     * The SQL condition of a predicate, or {@code null} when SQL cannot evaluate it exactly. Padded IN lists that
     * would take the condition over the parameter limit are built again unpadded.
     */
    static Fragment where(Predicate predicate, Table table, JdbcDialect dialect) {
        for (boolean pad : new boolean[] {true, false}) {
            Sql builder = new Sql(table, dialect, pad);
            if (!builder.append(predicate)) {
                return null;
            }
            if (builder.parameters.size() <= dialect.maxParameters() / 2) {
                return new Fragment(builder.sql.toString(), builder.parameters);
            }
        }
        return null;
    }

    /** The ORDER BY list of an ordering (nulls lowest), or {@code null} when SQL cannot order exactly. */
    static String orderBy(List<SortOrder> orders, Table table, JdbcDialect dialect) {
        StringBuilder out = new StringBuilder();
        for (SortOrder order : orders) {
            Table.Column column = table.column(order.field());
            if (column == null || column.type() == ColumnType.JSON) {
                return null;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(column.type() == ColumnType.STRING ? dialect.stringOrderKey(column.quoted()) : column.quoted())
                    .append(order.ascending() ? " ASC NULLS FIRST" : " DESC NULLS LAST");
        }
        return out.toString();
    }

    private boolean append(Predicate predicate) {
        if (predicate instanceof Predicate.Comparison c) {
            Table.Column column = table.column(c.field());
            return column != null && comparison(column, c.op(), normalize(c.value()));
        } else if (predicate instanceof Predicate.In in) {
            Table.Column column = table.column(in.field());
            return column != null && in(column, in.values());
        } else if (predicate instanceof Predicate.IsNull isNull) {
            Table.Column column = table.column(isNull.field());
            if (column == null) {
                return false;
            }
            sql.append('(').append(column.quoted()).append(" IS NULL)");
            return true;
        } else if (predicate instanceof Predicate.StringMatch m) {
            Table.Column column = table.column(m.field());
            return column != null && column.type() == ColumnType.STRING && match(column, m);
        } else if (predicate instanceof Predicate.And and) {
            return junction(and.operands(), " AND ", TRUE);
        } else if (predicate instanceof Predicate.Or or) {
            return junction(or.operands(), " OR ", FALSE);
        } else if (predicate instanceof Predicate.Not not) {
            sql.append("(NOT ");
            boolean ok = append(not.operand());
            sql.append(')');
            return ok;
        }
        return false;
    }

    private boolean junction(List<Predicate> operands, String operator, String whenEmpty) {
        if (operands.isEmpty()) {
            sql.append(whenEmpty);
            return true;
        }
        sql.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            if (!append(operands.get(i))) {
                return false;
            }
        }
        sql.append(')');
        return true;
    }

    /** Unknown when the column is null, otherwise a constant: for values that never compare equal. */
    private void unlessNull(Table.Column column, boolean value) {
        sql.append("(CASE WHEN ").append(column.quoted()).append(" IS NULL THEN NULL ELSE ")
                .append(value ? TRUE : FALSE).append(" END)");
    }

    private boolean comparison(Table.Column column, Predicate.Op op, Object value) {
        String left = column.quoted();
        Object parameter;
        switch (column.type()) {
            case STRING -> {
                if (!(value instanceof String)) {
                    unlessNull(column, op == Predicate.Op.NE);
                    return true;
                }
                if (op != Predicate.Op.EQ && op != Predicate.Op.NE) {
                    left = dialect.stringOrderKey(left);
                    sql.append('(').append(left).append(' ').append(operator(op)).append(' ')
                            .append(dialect.stringOrderKey("?")).append(')');
                    parameters.add(value);
                    return true;
                }
                parameter = value;
            }
            case INTEGER, REAL -> {
                if (value instanceof Double d && d.isNaN()) {
                    // Double.compare puts NaN above every number, and a column never holds NaN.
                    unlessNull(column, op == Predicate.Op.NE || op == Predicate.Op.LT || op == Predicate.Op.LE);
                    return true;
                }
                if (value instanceof Long l) {
                    parameter = column.type() == ColumnType.REAL ? (Object) l.doubleValue() : l;
                } else if (value instanceof Double d) {
                    if (column.type() == ColumnType.INTEGER) {
                        left = "CAST(" + left + " AS " + dialect.columnType(ColumnType.REAL) + ")";
                    }
                    parameter = d;
                } else {
                    unlessNull(column, op == Predicate.Op.NE);
                    return true;
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    unlessNull(column, op == Predicate.Op.NE);
                    return true;
                }
                parameter = value;
            }
            case DATE -> {
                if (!(value instanceof Instant instant)) {
                    unlessNull(column, op == Predicate.Op.NE);
                    return true;
                }
                return dateComparison(column, op, instant);
            }
            default -> {
                unlessNull(column, op == Predicate.Op.NE);
                return true;
            }
        }
        sql.append('(').append(left).append(' ').append(operator(op)).append(" ?)");
        parameters.add(parameter);
        return true;
    }

    /** Stored dates are whole milliseconds; a value between two of them equals none. */
    private boolean dateComparison(Table.Column column, Predicate.Op op, Instant value) {
        long millis;
        try {
            millis = value.toEpochMilli();
        } catch (ArithmeticException e) {
            boolean above = value.getEpochSecond() > 0;
            boolean result = switch (op) {
                case EQ -> false;
                case NE -> true;
                case LT, LE -> above;
                case GT, GE -> !above;
            };
            unlessNull(column, result);
            return true;
        }
        if (value.getNano() % 1_000_000 == 0) {
            sql.append('(').append(column.quoted()).append(' ').append(operator(op)).append(" ?)");
        } else {
            switch (op) {
                case EQ, NE -> {
                    unlessNull(column, op == Predicate.Op.NE);
                    return true;
                }
                case LT, LE -> sql.append('(').append(column.quoted()).append(" <= ?)");
                case GT, GE -> sql.append('(').append(column.quoted()).append(" > ?)");
                default -> throw new IllegalStateException("unknown op " + op);
            }
        }
        parameters.add(millis);
        return true;
    }

    private boolean in(Table.Column column, List<Object> values) {
        if (values.isEmpty()) {
            sql.append(FALSE);
            return true;
        }
        List<Object> exact = new ArrayList<>();
        List<Object> asReal = new ArrayList<>();
        for (Object raw : values) {
            Object value = normalize(raw);
            switch (column.type()) {
                case STRING, BOOLEAN -> {
                    if (column.type().accepts(value)) {
                        exact.add(value);
                    }
                }
                case INTEGER -> {
                    if (value instanceof Long) {
                        exact.add(value);
                    } else if (value instanceof Double d && !d.isNaN()) {
                        asReal.add(d);
                    }
                }
                case REAL -> {
                    if (value instanceof Long l) {
                        exact.add(l.doubleValue());
                    } else if (value instanceof Double d && !d.isNaN()) {
                        exact.add(d);
                    }
                }
                case DATE -> {
                    if (value instanceof Instant instant && instant.getNano() % 1_000_000 == 0) {
                        try {
                            exact.add(instant.toEpochMilli());
                        } catch (ArithmeticException e) {
                            // cannot equal any stored date
                        }
                    }
                }
                default -> {
                    // a JSON value equals nothing
                }
            }
        }
        if (exact.isEmpty() && asReal.isEmpty()) {
            unlessNull(column, false);
            return true;
        }
        sql.append('(');
        if (!exact.isEmpty()) {
            inList(column.quoted(), exact);
        }
        if (!asReal.isEmpty()) {
            if (!exact.isEmpty()) {
                sql.append(" OR ");
            }
            inList("CAST(" + column.quoted() + " AS " + dialect.columnType(ColumnType.REAL) + ")", asReal);
        }
        sql.append(')');
        return true;
    }

    /**
     * An IN list of {@link #listSize} places, the values padded with the last one (a repeated value changes
     * nothing an IN list matches): lists of nearby lengths then have the same SQL text, so a connection's statement
     * cache reuses one compiled statement for them instead of compiling one per length.
     */
    private void inList(String left, List<Object> values) {
        int places = pad ? listSize(values.size()) : values.size();
        sql.append(left).append(" IN (");
        for (int i = 0; i < places; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        parameters.addAll(values);
        Object last = values.get(values.size() - 1);
        for (int i = values.size(); i < places; i++) {
            parameters.add(last);
        }
    }

    /**
     * The places of an IN list of {@code count} values: the next power of two, at most twice the values and a
     * handful of distinct statements for any list length.
     */
    static int listSize(int count) {
        return count <= 1 ? count : Integer.highestOneBit(count - 1) << 1;
    }

    private boolean match(Table.Column column, Predicate.StringMatch m) {
        if (m.value().isEmpty()) {
            unlessNull(column, true);
            return true;
        }
        String fragment = switch (m.match()) {
            case STARTS_WITH -> dialect.startsWith(column.quoted());
            case ENDS_WITH -> dialect.endsWith(column.quoted());
            case CONTAINS -> dialect.contains(column.quoted());
        };
        sql.append('(').append(fragment).append(')');
        for (int i = fragment.indexOf('?'); i >= 0; i = fragment.indexOf('?', i + 1)) {
            parameters.add(m.value());
        }
        return true;
    }

    private static String operator(Predicate.Op op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
        };
    }

    /** Predicate values as the column types' Java types (an Integer is a Long, a Float a Double). */
    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}

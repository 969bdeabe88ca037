package dev.offlinesync.spi;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The reference semantics of {@link Predicate} and {@link SortOrder} over row maps, for stores (and fakes)
 * that evaluate queries in memory. SQL stores must give the same answers; the testkit contract suite checks
 * that they do.
 */
public final class InMemoryEvaluator {

    private InMemoryEvaluator() {
    }

    /**
     * Whether the row matches (the predicate is true, not false or unknown).
     *
     * @param predicate the filter, or {@code null}, which matches all
     * @param row       the row's fields
     * @return {@code true} when the row matches
     */
    public static boolean matches(Predicate predicate, Map<String, Object> row) {
        return predicate == null || Boolean.TRUE.equals(evaluate(predicate, row));
    }

    /**
     * Three-valued evaluation, as SQL's.
     *
     * @param predicate the filter
     * @param row       the row's fields
     * @return {@code TRUE}, {@code FALSE} or {@code null} for unknown
     */
    public static Boolean evaluate(Predicate predicate, Map<String, Object> row) {
        if (predicate instanceof Predicate.Comparison c) {
            Object value = row.get(c.field());
            if (value == null) {
                return null;
            }
            Integer cmp = compareValues(value, c.value());
            if (cmp == null) {
                return c.op() == Predicate.Op.NE;
            }
            return switch (c.op()) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
            };
        } else if (predicate instanceof Predicate.In in) {
            Object value = row.get(in.field());
            if (value == null) {
                return in.values().isEmpty() ? Boolean.FALSE : null;
            }
            for (Object candidate : in.values()) {
                Integer cmp = compareValues(value, candidate);
                if (cmp != null && cmp == 0) {
                    return true;
                }
            }
            return false;
        } else if (predicate instanceof Predicate.IsNull n) {
            return row.get(n.field()) == null;
        } else if (predicate instanceof Predicate.StringMatch m) {
            Object value = row.get(m.field());
            if (value == null) {
                return null;
            }
            String text = value.toString();
            return switch (m.match()) {
                case STARTS_WITH -> text.startsWith(m.value());
                case ENDS_WITH -> text.endsWith(m.value());
                case CONTAINS -> text.contains(m.value());
            };
        } else if (predicate instanceof Predicate.And and) {
            Boolean result = Boolean.TRUE;
            for (Predicate operand : and.operands()) {
                Boolean v = evaluate(operand, row);
                if (Boolean.FALSE.equals(v)) {
                    return false;
                }
                if (v == null) {
                    result = null;
                }
            }
            return result;
        } else if (predicate instanceof Predicate.Or or) {
            Boolean result = Boolean.FALSE;
            for (Predicate operand : or.operands()) {
                Boolean v = evaluate(operand, row);
                if (Boolean.TRUE.equals(v)) {
                    return true;
                }
                if (v == null) {
                    result = null;
                }
            }
            return result;
        } else if (predicate instanceof Predicate.Not not) {
            Boolean v = evaluate(not.operand(), row);
            return v == null ? null : !v;
        }
        throw new IllegalArgumentException("unknown predicate " + predicate);
    }

    /**
     * Compares two non-null values of the {@link ColumnType} Java types: numbers by value, strings by code
     * point, booleans false &lt; true, instants by time.
     *
     * @param a a value
     * @param b another value
     * @return negative, zero or positive as {@code a} is less than, equal to or greater than {@code b}, or
     *         {@code null} when the two are not comparable (a string and a number, say)
     */
    public static Integer compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isIntegral(x) && isIntegral(y)) {
                return Long.compare(x.longValue(), y.longValue());
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        return null;
    }

    /**
     * A comparator for an ordering, nulls lowest; incomparable values order by type name.
     *
     * @param orders the orderings, first the one that decides first
     * @return the comparator of rows
     */
    public static Comparator<Map<String, Object>> comparator(List<SortOrder> orders) {
        Comparator<Map<String, Object>> result = (a, b) -> 0;
        for (SortOrder order : orders) {
            Comparator<Map<String, Object>> key = (a, b) -> compareNullsLow(a.get(order.field()), b.get(order.field()));
            result = result.thenComparing(order.ascending() ? key : key.reversed());
        }
        return result;
    }

    private static int compareNullsLow(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Integer cmp = compareValues(a, b);
        return cmp != null ? cmp : a.getClass().getName().compareTo(b.getClass().getName());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}

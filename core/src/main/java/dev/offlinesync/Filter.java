package dev.offlinesync;

import dev.offlinesync.internal.engine.Identifiers;
import dev.offlinesync.internal.json.Values;
import dev.offlinesync.spi.Predicate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable filter over items, built from static factories and combined with {@link #and}, {@link #or} and
 * {@link #not}. The same filter is sent to the server (as an OData {@code $filter}) and evaluated by local
 * stores, with SQL's null semantics: a comparison with a missing value matches nothing, not even {@code ne}.
 *
 * <p>Values may be strings, numbers, booleans, and dates ({@link java.time.Instant},
 * {@link java.time.OffsetDateTime}, {@link java.time.ZonedDateTime}, {@link java.util.Date}; compared at
 * millisecond precision). {@code eq(field, null)} is {@link #isNull(String)}. Strings with an unpaired UTF-16
 * surrogate are refused with {@link InvalidItemException}: they have no UTF-8 form to send to the server.
 *
 * <pre>{@code
 * Filter open = Filter.eq("complete", false).and(Filter.startsWith("text", "buy"));
 * }</pre>
 */
public final class Filter {

    private final Predicate predicate;

    private Filter(Predicate predicate) {
        this.predicate = predicate;
    }

    public static Filter eq(String field, Object value) {
        return value == null ? isNull(field) : compare(field, Predicate.Op.EQ, value);
    }

    public static Filter ne(String field, Object value) {
        return value == null ? isNotNull(field) : compare(field, Predicate.Op.NE, value);
    }

    public static Filter gt(String field, Object value) {
        return compare(field, Predicate.Op.GT, value);
    }

    public static Filter ge(String field, Object value) {
        return compare(field, Predicate.Op.GE, value);
    }

    public static Filter lt(String field, Object value) {
        return compare(field, Predicate.Op.LT, value);
    }

    public static Filter le(String field, Object value) {
        return compare(field, Predicate.Op.LE, value);
    }

    /** The field equals one of the values; no values matches nothing. */
    public static Filter in(String field, Object... values) {
        return in(field, Arrays.asList(values));
    }

    /** The field equals one of the values; no values matches nothing. */
    public static Filter in(String field, List<?> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            normalized.add(filterValue(field, value));
        }
        return new Filter(new Predicate.In(checkField(field), normalized));
    }

    public static Filter isNull(String field) {
        return new Filter(new Predicate.IsNull(checkField(field)));
    }

    public static Filter isNotNull(String field) {
        return isNull(field).not();
    }

    /** Case-sensitive prefix match. */
    public static Filter startsWith(String field, String prefix) {
        return match(field, Predicate.Match.STARTS_WITH, prefix);
    }

    /** Case-sensitive suffix match. */
    public static Filter endsWith(String field, String suffix) {
        return match(field, Predicate.Match.ENDS_WITH, suffix);
    }

    /** Case-sensitive substring match. */
    public static Filter contains(String field, String text) {
        return match(field, Predicate.Match.CONTAINS, text);
    }

    /** Both this and the other filter. */
    public Filter and(Filter other) {
        return new Filter(new Predicate.And(List.of(predicate, Objects.requireNonNull(other, "other").predicate)));
    }

    /** This or the other filter. */
    public Filter or(Filter other) {
        return new Filter(new Predicate.Or(List.of(predicate, Objects.requireNonNull(other, "other").predicate)));
    }

    /** The negation of this filter. */
    public Filter not() {
        return new Filter(new Predicate.Not(predicate));
    }

    /** The predicate tree that stores evaluate. */
    public Predicate predicate() {
        return predicate;
    }

    /** Wraps a predicate tree; its string values are checked as the factories check them. */
    public static Filter of(Predicate predicate) {
        requireEncodable(Objects.requireNonNull(predicate, "predicate"));
        return new Filter(predicate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter f && f.predicate.equals(predicate);
    }

    @Override
    public int hashCode() {
        return predicate.hashCode();
    }

    @Override
    public String toString() {
        return predicate.toString();
    }

    private static Filter compare(String field, Predicate.Op op, Object value) {
        if (value == null) {
            throw new InvalidItemException("Cannot compare '" + field + "' " + op + " null: use Filter.isNull or"
                    + " Filter.isNotNull");
        }
        return new Filter(new Predicate.Comparison(checkField(field), op, filterValue(field, value)));
    }

    private static Filter match(String field, Predicate.Match match, String value) {
        if (value == null) {
            throw new InvalidItemException("The text to match in '" + field + "' must not be null");
        }
        return new Filter(new Predicate.StringMatch(checkField(field), match, requireEncodable(field, value)));
    }

    private static Object filterValue(String field, Object value) {
        Object normalized;
        try {
            normalized = Values.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException("Cannot filter '" + field + "' by " + e.getMessage(), e);
        }
        return normalized instanceof String text ? requireEncodable(field, text) : normalized;
    }

    /** Sent to the server, such a text would be encoded as another one ({@code ?} for the surrogate). */
    private static String requireEncodable(String field, String text) {
        int at = Identifiers.unpairedSurrogateAt(text);
        if (at >= 0) {
            throw new InvalidItemException("Cannot filter '" + field + "' by a string with an unpaired UTF-16 surrogate"
                    + " (at index " + at + "): it has no UTF-8 form, so the server would be asked for another string;"
                    + " fix the string");
        }
        return text;
    }

    private static void requireEncodable(Predicate predicate) {
        if (predicate instanceof Predicate.Comparison c && c.value() instanceof String text) {
            requireEncodable(c.field(), text);
        } else if (predicate instanceof Predicate.In in) {
            in.values().stream().filter(String.class::isInstance).forEach(v -> requireEncodable(in.field(), (String) v));
        } else if (predicate instanceof Predicate.StringMatch m) {
            requireEncodable(m.field(), m.value());
        } else if (predicate instanceof Predicate.And and) {
            and.operands().forEach(Filter::requireEncodable);
        } else if (predicate instanceof Predicate.Or or) {
            or.operands().forEach(Filter::requireEncodable);
        } else if (predicate instanceof Predicate.Not not) {
            requireEncodable(not.operand());
        }
    }

    private static String checkField(String field) {
        try {
            return dev.offlinesync.spi.TableDefinition.requireIdentifier(field, "field name");
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(e.getMessage(), e);
        }
    }
}

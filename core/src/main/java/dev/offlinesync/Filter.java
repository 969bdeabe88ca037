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

    /**
     * The field equals the value; {@code eq(field, null)} is {@link #isNull(String)}.
     *
     * @param field the item's field, e.g. {@code "complete"}
     * @param value a string, number, boolean or date, or {@code null}
     * @return the filter
     */
    public static Filter eq(String field, Object value) {
        return value == null ? isNull(field) : compare(field, Predicate.Op.EQ, value);
    }

    /**
     * The field has a value other than this one; {@code ne(field, null)} is {@link #isNotNull(String)}. A missing
     * value matches neither {@code eq} nor {@code ne}.
     *
     * @param field the item's field
     * @param value a string, number, boolean or date, or {@code null}
     * @return the filter
     */
    public static Filter ne(String field, Object value) {
        return value == null ? isNotNull(field) : compare(field, Predicate.Op.NE, value);
    }

    /**
     * The field is greater than the value (strings by code point, dates by time).
     *
     * @param field the item's field
     * @param value a string, number, boolean or date, not {@code null}
     * @return the filter
     * @throws InvalidItemException when the value is {@code null}
     */
    public static Filter gt(String field, Object value) {
        return compare(field, Predicate.Op.GT, value);
    }

    /**
     * The field is greater than or equal to the value.
     *
     * @param field the item's field
     * @param value a string, number, boolean or date, not {@code null}
     * @return the filter
     * @throws InvalidItemException when the value is {@code null}
     */
    public static Filter ge(String field, Object value) {
        return compare(field, Predicate.Op.GE, value);
    }

    /**
     * The field is less than the value.
     *
     * @param field the item's field
     * @param value a string, number, boolean or date, not {@code null}
     * @return the filter
     * @throws InvalidItemException when the value is {@code null}
     */
    public static Filter lt(String field, Object value) {
        return compare(field, Predicate.Op.LT, value);
    }

    /**
     * The field is less than or equal to the value.
     *
     * @param field the item's field
     * @param value a string, number, boolean or date, not {@code null}
     * @return the filter
     * @throws InvalidItemException when the value is {@code null}
     */
    public static Filter le(String field, Object value) {
        return compare(field, Predicate.Op.LE, value);
    }

    /**
     * The field equals one of the values; no values matches nothing.
     *
     * @param field the item's field
     * @param values the values to match
     * @return the filter
     */
    public static Filter in(String field, Object... values) {
        return in(field, Arrays.asList(values));
    }

    /**
     * The field equals one of the values; no values matches nothing.
     *
     * @param field the item's field
     * @param values the values to match
     * @return the filter
     */
    public static Filter in(String field, List<?> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            normalized.add(filterValue(field, value));
        }
        return new Filter(new Predicate.In(checkField(field), normalized));
    }

    /**
     * The field is {@code null} or missing.
     *
     * @param field the item's field
     * @return the filter
     */
    public static Filter isNull(String field) {
        return new Filter(new Predicate.IsNull(checkField(field)));
    }

    /**
     * The field has a value.
     *
     * @param field the item's field
     * @return the filter
     */
    public static Filter isNotNull(String field) {
        return isNull(field).not();
    }

    /**
     * Case-sensitive prefix match.
     *
     * @param field the item's field, a string
     * @param prefix the text the field starts with
     * @return the filter
     */
    public static Filter startsWith(String field, String prefix) {
        return match(field, Predicate.Match.STARTS_WITH, prefix);
    }

    /**
     * Case-sensitive suffix match.
     *
     * @param field the item's field, a string
     * @param suffix the text the field ends with
     * @return the filter
     */
    public static Filter endsWith(String field, String suffix) {
        return match(field, Predicate.Match.ENDS_WITH, suffix);
    }

    /**
     * Case-sensitive substring match.
     *
     * @param field the item's field, a string
     * @param text the text the field contains
     * @return the filter
     */
    public static Filter contains(String field, String text) {
        return match(field, Predicate.Match.CONTAINS, text);
    }

    /**
     * Both this and the other filter.
     *
     * @param other the filter to combine with
     * @return a new filter
     */
    public Filter and(Filter other) {
        return new Filter(new Predicate.And(List.of(predicate, Objects.requireNonNull(other, "other").predicate)));
    }

    /**
     * This or the other filter.
     *
     * @param other the filter to combine with
     * @return a new filter
     */
    public Filter or(Filter other) {
        return new Filter(new Predicate.Or(List.of(predicate, Objects.requireNonNull(other, "other").predicate)));
    }

    /**
     * The negation of this filter.
     *
     * @return a new filter
     */
    public Filter not() {
        return new Filter(new Predicate.Not(predicate));
    }

    /**
     * The predicate tree that stores evaluate.
     *
     * @return the tree
     */
    public Predicate predicate() {
        return predicate;
    }

    /**
     * Wraps a predicate tree; its string values are checked as the factories check them.
     *
     * @param predicate the tree, e.g. one a store or a test built
     * @return the filter
     */
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

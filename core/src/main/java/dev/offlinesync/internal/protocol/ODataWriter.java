package dev.offlinesync.internal.protocol;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.internal.engine.Identifiers;
import dev.offlinesync.spi.Predicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Renders a predicate tree (in local column names) as an OData {@code $filter}, with the dialect's wire names of
 * the system columns and its date literal.
 */
public final class ODataWriter {

    /** Each comparison's OData operator ({@code eq}, {@code gt}, ...), by the ordinal of its {@link Predicate.Op}. */
    private static final String[] OPERATORS = Arrays.stream(Predicate.Op.values())
            .map(op -> op.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private final UnaryOperator<String> wireName;
    private final Function<Instant, String> dateLiteral;
    private final boolean version4;

    /** {@code version4}: OData v4 functions ({@code contains}) rather than v3 ({@code substringof}). */
    public ODataWriter(UnaryOperator<String> wireName, Function<Instant, String> dateLiteral, boolean version4) {
        this.wireName = wireName;
        this.dateLiteral = dateLiteral;
        this.version4 = version4;
    }

    /** The name a local column has on the wire. */
    public String wireName(String column) {
        return wireName.apply(column);
    }

    public String filter(Predicate predicate) {
        StringBuilder out = new StringBuilder();
        write(predicate, out);
        return out.toString();
    }

    private void write(Predicate predicate, StringBuilder out) {
        if (predicate instanceof Predicate.Comparison c) {
            out.append(wireName.apply(c.field())).append(' ').append(OPERATORS[c.op().ordinal()]).append(' ');
            out.append(literal(c.value()));
        } else if (predicate instanceof Predicate.IsNull n) {
            out.append(wireName.apply(n.field())).append(" eq null");
        } else if (predicate instanceof Predicate.In in) {
            if (in.values().isEmpty()) {
                out.append("1 eq 0");
                return;
            }
            StringJoiner any = new StringJoiner(" or ", "(", ")");
            in.values().forEach(v -> any.add(wireName.apply(in.field()) + " eq " + literal(v)));
            out.append(any);
        } else if (predicate instanceof Predicate.StringMatch m) {
            String value = literal(m.value());
            String field = wireName.apply(m.field());
            switch (m.match()) {
                case STARTS_WITH -> out.append("startswith(").append(field).append(',').append(value).append(')');
                case ENDS_WITH -> out.append("endswith(").append(field).append(',').append(value).append(')');
                case CONTAINS -> out.append(version4 ? "contains(" + field + "," + value + ")"
                        : "substringof(" + value + "," + field + ")");
            }
        } else if (predicate instanceof Predicate.And and) {
            junction(and.operands(), " and ", "1 eq 1", out);
        } else if (predicate instanceof Predicate.Or or) {
            junction(or.operands(), " or ", "1 eq 0", out);
        } else if (predicate instanceof Predicate.Not not) {
            out.append("not (");
            write(not.operand(), out);
            out.append(')');
        }
    }

    private void junction(List<Predicate> operands, String operator, String empty, StringBuilder out) {
        if (operands.isEmpty()) {
            out.append(empty);
            return;
        }
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(operator);
            }
            out.append('(');
            write(operands.get(i), out);
            out.append(')');
        }
    }

    /** The OData literal of a value. */
    public String literal(Object value) {
        if (value instanceof String s) {
            // URL encoding would turn the surrogate into '?' and ask the server for another string.
            if (Identifiers.unpairedSurrogateAt(s) >= 0) {
                throw new InvalidItemException("Cannot send a string with an unpaired UTF-16 surrogate to the server in a"
                        + " filter: it has no UTF-8 form; fix the string");
            }
            return "'" + s.replace("'", "''") + "'";
        } else if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new InvalidItemException("Cannot send " + d + " to the server in a filter: use a finite number");
            }
            String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        } else if (value instanceof Boolean b) {
            return b.toString();
        } else if (value instanceof Instant i) {
            return dateLiteral.apply(i);
        }
        throw new InvalidItemException("Cannot send a " + value.getClass().getName() + " to the server in a filter:"
                + " give a String, Long, Integer, Double, Boolean or Instant");
    }
}

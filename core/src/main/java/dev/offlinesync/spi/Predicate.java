package dev.offlinesync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A filter over rows, as a tree that stores evaluate (the memory store directly, JDBC stores by translating
 * it to SQL). Semantics are SQL's three-valued logic: a comparison, {@code IN} or string match whose field is
 * {@code null} (or absent) is <em>unknown</em>; {@code NOT unknown} is unknown; a row matches only when the
 * whole predicate is true. Use {@link IsNull} to test for null.
 *
 * <p>Values are the Java types of {@link ColumnType} ({@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, {@link java.time.Instant}), never null. Numbers compare by numeric value whatever their
 * type; strings compare by Unicode code point, case-sensitively (the string matches too).
 */
public sealed interface Predicate {

    /** Comparison operators. */
    enum Op { EQ, NE, GT, GE, LT, LE }

    /** String match kinds. */
    enum Match { STARTS_WITH, ENDS_WITH, CONTAINS }

    /** {@code field op value}. */
    record Comparison(String field, Op op, Object value) implements Predicate {
        public Comparison {
            TableDefinition.requireIdentifier(field, "field name");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value (use IsNull to test for null)");
        }
    }

    /** {@code field IN (values)}; an empty list matches nothing. */
    record In(String field, List<Object> values) implements Predicate {
        public In {
            TableDefinition.requireIdentifier(field, "field name");
            values = List.copyOf(values);
        }
    }

    /** {@code field IS NULL} (absent counts as null). */
    record IsNull(String field) implements Predicate {
        public IsNull {
            TableDefinition.requireIdentifier(field, "field name");
        }
    }

    /** A case-sensitive string match; the value is literal (no wildcards). */
    record StringMatch(String field, Match match, String value) implements Predicate {
        public StringMatch {
            TableDefinition.requireIdentifier(field, "field name");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(value, "value");
        }
    }

    /** All of the operands (true when there are none). */
    record And(List<Predicate> operands) implements Predicate {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** Any of the operands (false when there are none). */
    record Or(List<Predicate> operands) implements Predicate {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** The negation of the operand. */
    record Not(Predicate operand) implements Predicate {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }
}

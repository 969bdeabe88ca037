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
    enum Op {
        /** Equal. */
        EQ,
        /** Not equal. */
        NE,
        /** Greater than. */
        GT,
        /** Greater than or equal. */
        GE,
        /** Less than. */
        LT,
        /** Less than or equal. */
        LE
    }

    /** String match kinds. */
    enum Match {
        /** The field starts with the value. */
        STARTS_WITH,
        /** The field ends with the value. */
        ENDS_WITH,
        /** The field contains the value. */
        CONTAINS
    }

    /** {@code field op value}. */
    record Comparison(String field, Op op, Object value) implements Predicate {
        /**
         * Checks the parts.
         *
         * @param field the field's name
         * @param op    the operator
         * @param value the value, not {@code null}
         */
        public Comparison {
            TableDefinition.requireIdentifier(field, "field name");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value (use IsNull to test for null)");
        }
    }

    /** {@code field IN (values)}; an empty list matches nothing. */
    record In(String field, List<Object> values) implements Predicate {
        /**
         * Copies the values.
         *
         * @param field  the field's name
         * @param values the values to match
         */
        public In {
            TableDefinition.requireIdentifier(field, "field name");
            values = List.copyOf(values);
        }
    }

    /** {@code field IS NULL} (absent counts as null). */
    record IsNull(String field) implements Predicate {
        /**
         * Checks the field's name.
         *
         * @param field the field's name
         */
        public IsNull {
            TableDefinition.requireIdentifier(field, "field name");
        }
    }

    /** A case-sensitive string match; the value is literal (no wildcards). */
    record StringMatch(String field, Match match, String value) implements Predicate {
        /**
         * Checks the parts.
         *
         * @param field the field's name
         * @param match the kind of match
         * @param value the literal text
         */
        public StringMatch {
            TableDefinition.requireIdentifier(field, "field name");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(value, "value");
        }
    }

    /** All of the operands (true when there are none). */
    record And(List<Predicate> operands) implements Predicate {
        /**
         * Copies the operands.
         *
         * @param operands the predicates that must all hold
         */
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** Any of the operands (false when there are none). */
    record Or(List<Predicate> operands) implements Predicate {
        /**
         * Copies the operands.
         *
         * @param operands the predicates of which one must hold
         */
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** The negation of the operand. */
    record Not(Predicate operand) implements Predicate {
        /**
         * Checks the operand.
         *
         * @param operand the negated predicate
         */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }
}

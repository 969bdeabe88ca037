package dev.offlinesync.testkit;

import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.Predicate.Match;
import dev.offlinesync.spi.Predicate.Op;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an OData v3 {@code $filter} (the dialect of Azure Mobile Apps 2.0.0) into the store SPI's
 * {@link Predicate} tree, so that {@link dev.offlinesync.spi.InMemoryEvaluator} can evaluate it.
 *
 * <p>Supported: {@code eq ne gt ge lt le}, {@code and or not}, parentheses; {@code startswith(f,'x')},
 * {@code endswith(f,'x')}, {@code substringof('x',f)} (v3 argument order), each optionally compared with
 * {@code true}/{@code false}; literals {@code 'text'} ({@code ''} escapes a quote), integers ({@link Long},
 * optional {@code L} suffix), decimals ({@link Double}, optional {@code d m f} suffix), {@code true},
 * {@code false}, {@code null}, {@code datetimeoffset'...'} and {@code datetime'...'} (an {@link Instant}; no
 * zone means UTC) and {@code guid'...'} (a string). {@code f eq null} is {@link Predicate.IsNull},
 * {@code f ne null} its negation; {@code 'x' lt f} is turned around to {@code f gt 'x'}; a bare boolean field
 * {@code f} means {@code f eq true}. {@code not} applies to the comparison that follows it.
 *
 * <p>Not supported (a {@link SyntaxException}): arithmetic, member paths ({@code a/b}), comparing two fields,
 * other functions ({@code tolower}, {@code length}, {@code year}, ...) and v4 syntax such as
 * {@code contains(f,'x')} or {@code in}, which a v3 server rejects too. Operators and keywords are lowercase.
 * Thread-safe: every call has its own state.
 */
public final class ODataFilterParser {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Map<String, Op> OPERATORS =
            Map.of("eq", Op.EQ, "ne", Op.NE, "gt", Op.GT, "ge", Op.GE, "lt", Op.LT, "le", Op.LE);
    private static final Object NULL = new Object();

    private final List<Token> tokens;
    private final boolean v4;
    private int next;

    private ODataFilterParser(String filter, boolean v4) {
        this.tokens = new ODataTokenizer(filter, v4).tokenize();
        this.v4 = v4;
    }

    /**
     * Parses a filter expression.
     *
     * @param filter the decoded value of {@code $filter}
     * @return the predicate tree
     * @throws SyntaxException with a message naming the character index of the problem
     */
    public static Predicate parse(String filter) {
        return parse(filter, false);
    }

    /**
     * Parses an OData v4 filter (the Datasync server's): dates are bare ({@code 2024-08-23T20:22:54.291Z}) or
     * {@code cast(<date>,Edm.DateTimeOffset)}, typed literals such as {@code datetimeoffset'...'} are errors, and
     * {@code contains(f,'x')} replaces {@code substringof}.
     */
    static Predicate parseV4(String filter) {
        return parse(filter, true);
    }

    private static Predicate parse(String filter, boolean v4) {
        ODataFilterParser parser = new ODataFilterParser(filter, v4);
        Term term = parser.parseOr();
        Token end = parser.peek();
        if (end.kind() != Token.Kind.END) {
            throw new SyntaxException("Syntax error '" + end.text() + "'", end.position());
        }
        return parser.toPredicate(term, 0);
    }

    /** A filter that does not parse; the message says what and where (a 0-based character index). */
    public static final class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** Where the problem is: a 0-based character index into the filter. */
        private final int index;

        SyntaxException(String problem, int index) {
            super(problem + " (at index " + index + ")");
            this.index = index;
        }

        /** {@return the 0-based character index in the filter where the problem was found} */
        public int index() {
            return index;
        }
    }

    /** An intermediate result: a boolean expression, a field reference or a literal. */
    private sealed interface Term {
    }

    private record PredicateTerm(Predicate predicate) implements Term {
    }

    private record FieldTerm(String field) implements Term {
    }

    /** A literal value; {@link #NULL} for {@code null}. */
    private record LiteralTerm(Object value) implements Term {
    }

    private Term parseOr() {
        List<Predicate> operands = new ArrayList<>();
        int start = peek().position();
        Term first = parseAnd();
        while (peekWord("or")) {
            take();
            if (operands.isEmpty()) {
                operands.add(toPredicate(first, start));
            }
            int position = peek().position();
            operands.add(toPredicate(parseAnd(), position));
        }
        return operands.isEmpty() ? first : new PredicateTerm(new Predicate.Or(operands));
    }

    private Term parseAnd() {
        List<Predicate> operands = new ArrayList<>();
        int start = peek().position();
        Term first = parseUnary();
        while (peekWord("and")) {
            take();
            if (operands.isEmpty()) {
                operands.add(toPredicate(first, start));
            }
            int position = peek().position();
            operands.add(toPredicate(parseUnary(), position));
        }
        return operands.isEmpty() ? first : new PredicateTerm(new Predicate.And(operands));
    }

    private Term parseUnary() {
        if (peekWord("not")) {
            take();
            int position = peek().position();
            return new PredicateTerm(new Predicate.Not(toPredicate(parseUnary(), position)));
        }
        return parseComparison();
    }

    private Term parseComparison() {
        Term left = parsePrimary();
        Token token = peek();
        Op op = token.kind() == Token.Kind.WORD ? OPERATORS.get(token.text()) : null;
        if (op == null) {
            return left;
        }
        take();
        Term right = parsePrimary();
        return new PredicateTerm(compare(left, op, right, token.position()));
    }

    private Term parsePrimary() {
        Token token = take();
        switch (token.kind()) {
            case LPAREN -> {
                Term inner = parseOr();
                expect(Token.Kind.RPAREN, "')' expected");
                return inner;
            }
            case STRING, NUMBER, DATE -> {
                return new LiteralTerm(token.value());
            }
            case WORD -> {
                return wordTerm(token);
            }
            case END -> throw new SyntaxException("Expression expected", token.position());
            default -> throw new SyntaxException("Syntax error '" + token.text() + "'", token.position());
        }
    }

    private Term wordTerm(Token token) {
        String word = token.text();
        switch (word) {
            case "true" -> {
                return new LiteralTerm(Boolean.TRUE);
            }
            case "false" -> {
                return new LiteralTerm(Boolean.FALSE);
            }
            case "null" -> {
                return new LiteralTerm(NULL);
            }
            default -> {
                if (peek().kind() == Token.Kind.LPAREN) {
                    take();
                    return new PredicateTerm(function(token));
                }
                if (OPERATORS.containsKey(word) || word.equals("and") || word.equals("or") || word.equals("not")) {
                    throw new SyntaxException("Expression expected", token.position());
                }
                if (!IDENTIFIER.matcher(word).matches()) {
                    throw new SyntaxException("Invalid field name '" + word + "'", token.position());
                }
                return new FieldTerm(word);
            }
        }
    }

    private Predicate function(Token name) {
        List<Term> args = new ArrayList<>();
        if (peek().kind() != Token.Kind.RPAREN) {
            args.add(parseOr());
            while (peek().kind() == Token.Kind.COMMA) {
                take();
                args.add(parseOr());
            }
        }
        expect(Token.Kind.RPAREN, "')' expected");
        return switch (name.text()) {
            case "startswith" -> stringMatch(name, args, Match.STARTS_WITH, 0, 1);
            case "endswith" -> stringMatch(name, args, Match.ENDS_WITH, 0, 1);
            case "substringof" -> {
                if (v4) {
                    throw new SyntaxException("Unsupported function 'substringof': OData v4 has contains(field,"
                            + " 'text')", name.position());
                }
                yield stringMatch(name, args, Match.CONTAINS, 1, 0);
            }
            case "contains" -> {
                if (!v4) {
                    throw new SyntaxException("Unsupported function 'contains'", name.position());
                }
                yield stringMatch(name, args, Match.CONTAINS, 0, 1);
            }
            default -> throw new SyntaxException("Unsupported function '" + name.text() + "'", name.position());
        };
    }

    private static Predicate stringMatch(Token name, List<Term> args, Match match, int fieldArg, int textArg) {
        String shape = fieldArg == 0 ? "(field, 'text')" : "('text', field)";
        if (args.size() != 2 || !(args.get(fieldArg) instanceof FieldTerm field)
                || !(args.get(textArg) instanceof LiteralTerm literal) || !(literal.value() instanceof String text)) {
            throw new SyntaxException("Function '" + name.text() + "' expects " + shape, name.position());
        }
        return new Predicate.StringMatch(field.field(), match, text);
    }

    private static Predicate compare(Term left, Op op, Term right, int position) {
        if (left instanceof FieldTerm field && right instanceof LiteralTerm literal) {
            return fieldComparison(field.field(), op, literal.value(), position);
        }
        if (left instanceof LiteralTerm literal && right instanceof FieldTerm field) {
            return fieldComparison(field.field(), mirror(op), literal.value(), position);
        }
        if (left instanceof PredicateTerm predicate && right instanceof LiteralTerm literal
                && literal.value() instanceof Boolean value && (op == Op.EQ || op == Op.NE)) {
            boolean keep = value == (op == Op.EQ);
            return keep ? predicate.predicate() : new Predicate.Not(predicate.predicate());
        }
        throw new SyntaxException("Unsupported comparison: only a field compared with a literal is supported",
                position);
    }

    private static Predicate fieldComparison(String field, Op op, Object value, int position) {
        if (value != NULL) {
            return new Predicate.Comparison(field, op, value);
        }
        return switch (op) {
            case EQ -> new Predicate.IsNull(field);
            case NE -> new Predicate.Not(new Predicate.IsNull(field));
            default -> throw new SyntaxException("null can only be compared with eq or ne", position);
        };
    }

    private static Op mirror(Op op) {
        return switch (op) {
            case EQ, NE -> op;
            case GT -> Op.LT;
            case GE -> Op.LE;
            case LT -> Op.GT;
            case LE -> Op.GE;
        };
    }

    private Predicate toPredicate(Term term, int position) {
        if (term instanceof PredicateTerm predicate) {
            return predicate.predicate();
        }
        if (term instanceof FieldTerm field) {
            return new Predicate.Comparison(field.field(), Op.EQ, Boolean.TRUE);
        }
        if (term instanceof LiteralTerm literal && literal.value() instanceof Boolean value) {
            return value ? new Predicate.And(List.of()) : new Predicate.Or(List.of());
        }
        throw new SyntaxException("Boolean expression expected", position);
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean peekWord(String word) {
        Token token = peek();
        return token.kind() == Token.Kind.WORD && token.text().equals(word);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private void expect(Token.Kind kind, String problem) {
        Token token = take();
        if (token.kind() != kind) {
            throw new SyntaxException(problem, token.position());
        }
    }

    /** One lexical token; {@code value} holds the Java value of literals. */
    record Token(Kind kind, String text, Object value, int position) {
        enum Kind { LPAREN, RPAREN, COMMA, STRING, NUMBER, DATE, WORD, END }
    }

    /** Parses the text of a {@code datetime'...'} or {@code datetimeoffset'...'} literal. */
    static Instant parseDate(String text, int position) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                SyntaxException error = new SyntaxException("Invalid date literal '" + text + "'", position);
                error.initCause(e);
                error.addSuppressed(withoutZone);
                throw error;
            }
        }
    }
}

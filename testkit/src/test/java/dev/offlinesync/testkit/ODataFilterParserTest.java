package dev.offlinesync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.Predicate.And;
import dev.offlinesync.spi.Predicate.Comparison;
import dev.offlinesync.spi.Predicate.IsNull;
import dev.offlinesync.spi.Predicate.Match;
import dev.offlinesync.spi.Predicate.Not;
import dev.offlinesync.spi.Predicate.Op;
import dev.offlinesync.spi.Predicate.Or;
import dev.offlinesync.spi.Predicate.StringMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The OData v3 filter parser on its own. */
class ODataFilterParserTest {

    private static Predicate parse(String filter) {
        return ODataFilterParser.parse(filter);
    }

    private static ODataFilterParser.SyntaxException rejects(String filter) {
        return assertThrows(ODataFilterParser.SyntaxException.class, () -> ODataFilterParser.parse(filter));
    }

    @ParameterizedTest
    @CsvSource({"eq, EQ", "ne, NE", "gt, GT", "ge, GE", "lt, LT", "le, LE"})
    void parsesEachComparisonOperator(String operator, Op op) {
        assertEquals(new Comparison("n", op, 5L), parse("n " + operator + " 5"));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        Comparison a = new Comparison("a", Op.EQ, 1L);
        Comparison b = new Comparison("b", Op.EQ, 2L);
        Comparison c = new Comparison("c", Op.EQ, 3L);

        assertEquals(new Or(List.of(a, new And(List.of(b, c)))), parse("a eq 1 or b eq 2 and c eq 3"));
        assertEquals(new And(List.of(new Or(List.of(a, b)), c)), parse("(a eq 1 or b eq 2) and c eq 3"));
        assertEquals(new And(List.of(a, b, c)), parse("a eq 1 and b eq 2 and c eq 3"));
        assertEquals(new Not(a), parse("not a eq 1"));
        assertEquals(new Not(new Or(List.of(a, b))), parse("not (a eq 1 or b eq 2)"));
        assertEquals(a, parse("((a eq 1))"));
    }

    @Test
    void filterParserHandlesEscapedQuotesAndUnicode() {
        assertEquals(new Comparison("name", Op.EQ, "O'Brien ü 😀 '' %20"), parse("name eq 'O''Brien ü 😀 '''' %20'"));
        assertEquals(new Comparison("name", Op.EQ, ""), parse("name eq ''"));
        assertEquals(new Comparison("name", Op.EQ, "'"), parse("name eq ''''"));
    }

    @Test
    void numberLiteralsBecomeLongOrDouble() {
        assertEquals(new Comparison("n", Op.EQ, 42L), parse("n eq 42"));
        assertEquals(new Comparison("n", Op.EQ, -7L), parse("n eq -7"));
        assertEquals(new Comparison("n", Op.EQ, 9_000_000_000L), parse("n eq 9000000000L"));
        assertEquals(new Comparison("n", Op.EQ, 1.5), parse("n eq 1.5"));
        assertEquals(new Comparison("n", Op.EQ, -0.25), parse("n eq -0.25"));
        assertEquals(new Comparison("n", Op.EQ, 1200.0), parse("n eq 1.2e3"));
        assertEquals(new Comparison("n", Op.EQ, 3.0), parse("n eq 3d"));
        assertEquals(new Comparison("n", Op.EQ, 2.5), parse("n eq 2.5m"));
    }

    @Test
    void booleanNullDateAndGuidLiterals() {
        assertEquals(new Comparison("done", Op.EQ, true), parse("done eq true"));
        assertEquals(new Comparison("done", Op.NE, false), parse("done ne false"));
        assertEquals(new IsNull("text"), parse("text eq null"));
        assertEquals(new Not(new IsNull("text")), parse("text ne null"));
        assertEquals(new IsNull("text"), parse("null eq text"));
        assertEquals(new Comparison("updatedAt", Op.GT, Instant.parse("2026-01-02T03:04:05.678Z")),
                parse("updatedAt gt datetimeoffset'2026-01-02T03:04:05.678Z'"));
        assertEquals(new Comparison("updatedAt", Op.GT, Instant.parse("2026-01-02T01:04:05Z")),
                parse("updatedAt gt datetimeoffset'2026-01-02T03:04:05+02:00'"));
        assertEquals(new Comparison("due", Op.LT, Instant.parse("2026-01-02T03:04:05Z")),
                parse("due lt datetime'2026-01-02T03:04:05'"));
        assertEquals(new Comparison("ref", Op.EQ, "0f8fad5b-d9cb-469f-a165-70867728950e"),
                parse("ref eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'"));
    }

    @Test
    void literalOnTheLeftIsTurnedAround() {
        assertEquals(new Comparison("n", Op.GT, 5L), parse("5 lt n"));
        assertEquals(new Comparison("n", Op.LE, 5L), parse("5 ge n"));
        assertEquals(new Comparison("text", Op.EQ, "x"), parse("'x' eq text"));
    }

    @Test
    void stringFunctionsUseTheV3ArgumentOrder() {
        assertEquals(new StringMatch("text", Match.STARTS_WITH, "Bu"), parse("startswith(text,'Bu')"));
        assertEquals(new StringMatch("text", Match.ENDS_WITH, "lk"), parse("endswith( text , 'lk' )"));
        assertEquals(new StringMatch("text", Match.CONTAINS, "il"), parse("substringof('il',text)"));
        assertEquals(new StringMatch("text", Match.CONTAINS, "il"), parse("substringof('il',text) eq true"));
        assertEquals(new Not(new StringMatch("text", Match.CONTAINS, "il")),
                parse("substringof('il',text) eq false"));
        assertEquals(new Not(new StringMatch("text", Match.STARTS_WITH, "a")), parse("not startswith(text,'a')"));
        assertTrue(rejects("substringof(text,'il')").getMessage().contains("('text', field)"));
        assertTrue(rejects("startswith('Bu',text)").getMessage().contains("(field, 'text')"));
    }

    @Test
    void bareBooleanFieldAndConstantsArePredicates() {
        assertEquals(new Comparison("complete", Op.EQ, true), parse("complete"));
        assertEquals(new Not(new Comparison("complete", Op.EQ, true)), parse("not complete"));
        assertEquals(new And(List.of()), parse("true"));
        assertEquals(new Or(List.of()), parse("false"));
    }

    @Test
    void keysetCursorFilterOfTheFixtureParsesToTheExpectedTree() {
        Instant t = Instant.parse("2000-01-01T00:00:00.000Z");
        Predicate expected = new Or(List.of(
                new Comparison("updatedAt", Op.GT, t),
                new And(List.of(new Comparison("updatedAt", Op.EQ, t), new Comparison("id", Op.GT, "")))));

        Predicate parsed = parse("(updatedAt gt datetimeoffset'2000-01-01T00:00:00.000Z') or "
                + "(updatedAt eq datetimeoffset'2000-01-01T00:00:00.000Z' and id gt '')");

        assertEquals(expected, parsed);
        assertTrue(InMemoryEvaluator.matches(parsed, Map.of("updatedAt", t, "id", "a")));
        assertTrue(!InMemoryEvaluator.matches(parsed, Map.of("updatedAt", t.minusMillis(1), "id", "z")));
    }

    @Test
    void errorsNameTheIndexLikeTheServersParser() {
        assertEquals("Expression expected (at index 7)", rejects("text eq").getMessage());
        assertEquals(7, rejects("text eq").index());
        assertEquals("Unterminated string literal (at index 8)", rejects("text eq 'abc").getMessage());
        assertEquals("Syntax error 'x' (at index 12)", rejects("text eq 'a' x").getMessage());
        assertEquals("')' expected (at index 12)", rejects("(text eq 'a'").getMessage());
        assertEquals("Expression expected (at index 0)", rejects("").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "contains(text,'x')", "tolower(text) eq 'x'", "a eq b", "n add 1 eq 2", "owner/name eq 'x'",
        "n gt null", "1 eq 1", "text eq 'a' and 5", "binary'AB' eq x", "n eq 1.5L", "n eq 12abc",
        "n eq 99999999999999999999", "updatedAt gt datetimeoffset'yesterday'", "text in ('a','b')", "text eq #",
        "and eq 1", "text eq"})
    void unsupportedOrInvalidFiltersAreRejected(String filter) {
        rejects(filter);
    }
}

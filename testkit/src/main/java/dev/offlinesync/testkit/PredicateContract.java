package dev.offlinesync.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.and;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.ge;
import static dev.offlinesync.testkit.Fixtures.gt;
import static dev.offlinesync.testkit.Fixtures.in;
import static dev.offlinesync.testkit.Fixtures.isNull;
import static dev.offlinesync.testkit.Fixtures.le;
import static dev.offlinesync.testkit.Fixtures.lt;
import static dev.offlinesync.testkit.Fixtures.ne;
import static dev.offlinesync.testkit.Fixtures.not;
import static dev.offlinesync.testkit.Fixtures.or;
import static dev.offlinesync.testkit.Fixtures.row;
import static dev.offlinesync.testkit.Fixtures.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Comparisons, IN, IS NULL, AND/OR/NOT and SQL's three-valued logic. Rows a, b and c have every field set;
 * row n has only its id, so every comparison on it is unknown.
 */
interface PredicateContract extends StoreFixture {

    private void saveFruit() {
        defineTodo();
        save(TODO, List.of(
                row("id", "a", "text", "apple", "priority", 1L, "score", 1.5, "complete", true,
                        "due", at("2026-01-01T00:00:00.000Z")),
                row("id", "b", "text", "banana", "priority", 2L, "score", 2.0, "complete", false,
                        "due", at("2026-01-02T00:00:00.001Z")),
                row("id", "c", "text", "cherry", "priority", 3L, "score", -0.5, "complete", true,
                        "due", at("2025-12-31T23:59:59.999Z")),
                row("id", "n")));
    }

    /** Checks that every operator compares strings. */
    @Test
    default void everyOperatorComparesStrings() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("text", "banana")));
        assertEquals(List.of("a", "c"), idsWhere(TODO, ne("text", "banana")));
        assertEquals(List.of("c"), idsWhere(TODO, gt("text", "banana")));
        assertEquals(List.of("b", "c"), idsWhere(TODO, ge("text", "banana")));
        assertEquals(List.of("a"), idsWhere(TODO, lt("text", "banana")));
        assertEquals(List.of("a", "b"), idsWhere(TODO, le("text", "banana")));
    }

    /** Checks that every operator compares longs. */
    @Test
    default void everyOperatorComparesLongs() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("priority", 2L)));
        assertEquals(List.of("a", "c"), idsWhere(TODO, ne("priority", 2L)));
        assertEquals(List.of("b", "c"), idsWhere(TODO, gt("priority", 1L)));
        assertEquals(List.of("b", "c"), idsWhere(TODO, ge("priority", 2L)));
        assertEquals(List.of("a", "b"), idsWhere(TODO, lt("priority", 3L)));
        assertEquals(List.of("a"), idsWhere(TODO, le("priority", 1L)));
    }

    /** Checks that every operator compares doubles. */
    @Test
    default void everyOperatorComparesDoubles() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("score", 2.0)));
        assertEquals(List.of("a", "c"), idsWhere(TODO, ne("score", 2.0)));
        assertEquals(List.of("a", "b"), idsWhere(TODO, gt("score", 0.0)));
        assertEquals(List.of("a", "b"), idsWhere(TODO, ge("score", 1.5)));
        assertEquals(List.of("c"), idsWhere(TODO, lt("score", 1.5)));
        assertEquals(List.of("c"), idsWhere(TODO, le("score", -0.5)));
    }

    /** Checks that longs and doubles compare by numeric value. */
    @Test
    default void longsAndDoublesCompareByNumericValue() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("priority", 2.0)), "2L eq 2.0");
        assertEquals(List.of("a", "c"), idsWhere(TODO, ne("priority", 2.0)));
        assertEquals(List.of("a", "b"), idsWhere(TODO, lt("priority", 2.5)));
        assertEquals(List.of("b", "c"), idsWhere(TODO, gt("priority", 1.5)));
        assertEquals(List.of("b"), idsWhere(TODO, eq("score", 2L)), "2.0 eq 2L");
        assertEquals(List.of("b"), idsWhere(TODO, ge("score", 2L)));
        assertEquals(List.of("c"), idsWhere(TODO, lt("score", 0L)));
        assertEquals(List.of("c"), idsWhere(TODO, in("priority", 3.0)));
    }

    /** Checks that every operator compares booleans false before true. */
    @Test
    default void everyOperatorComparesBooleansFalseBeforeTrue() {
        saveFruit();
        assertEquals(List.of("a", "c"), idsWhere(TODO, eq("complete", true)));
        assertEquals(List.of("b"), idsWhere(TODO, eq("complete", false)));
        assertEquals(List.of("b"), idsWhere(TODO, ne("complete", true)));
        assertEquals(List.of("a", "c"), idsWhere(TODO, gt("complete", false)));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, ge("complete", false)));
        assertEquals(List.of("b"), idsWhere(TODO, lt("complete", true)));
        assertEquals(List.of("b"), idsWhere(TODO, le("complete", false)));
    }

    /** Checks that every operator compares instants to the millisecond. */
    @Test
    default void everyOperatorComparesInstantsToTheMillisecond() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("due", at("2026-01-02T00:00:00.001Z"))));
        assertEquals(List.of(), idsWhere(TODO, eq("due", at("2026-01-02T00:00:00.000Z"))));
        assertEquals(List.of("a", "c"), idsWhere(TODO, ne("due", at("2026-01-02T00:00:00.001Z"))));
        assertEquals(List.of("b"), idsWhere(TODO, gt("due", at("2026-01-02T00:00:00.000Z"))));
        assertEquals(List.of("a", "b"), idsWhere(TODO, ge("due", at("2026-01-01T00:00:00.000Z"))));
        assertEquals(List.of("a", "c"), idsWhere(TODO, lt("due", at("2026-01-02T00:00:00.001Z"))));
        assertEquals(List.of("c"), idsWhere(TODO, le("due", at("2025-12-31T23:59:59.999Z"))));
        assertEquals(List.of("c"), idsWhere(TODO, lt("due", at("2026-01-01T00:00:00.000Z"))));
    }

    /** Checks that id column can be filtered. */
    @Test
    default void idColumnCanBeFiltered() {
        saveFruit();
        assertEquals(List.of("b"), idsWhere(TODO, eq("id", "b")));
        assertEquals(List.of("b", "c", "n"), idsWhere(TODO, gt("id", "a")));
        assertEquals(List.of("a", "n"), idsWhere(TODO, in("id", "a", "n", "zz")));
    }

    /** Checks that string comparison is case sensitive by code point. */
    @Test
    default void stringComparisonIsCaseSensitiveByCodePoint() {
        defineTodo();
        save(TODO, List.of(row("id", "upperB", "text", "B"), row("id", "a", "text", "a"), row("id", "aa", "text", "aa"),
                row("id", "z", "text", "z"), row("id", "eAcute", "text", "é"), row("id", "fffd", "text", "\uFFFD"),
                row("id", "emoji", "text", "😀")));

        assertEquals(List.of(), idsWhere(TODO, eq("text", "b")));
        assertEquals(List.of("upperB"), idsWhere(TODO, lt("text", "a")), "'B' < 'a'");
        assertEquals(List.of("eAcute", "emoji", "fffd"), idsWhere(TODO, gt("text", "z")), "'é' > 'z'");
        assertEquals(List.of("aa", "eAcute", "emoji", "fffd", "z"), idsWhere(TODO, gt("text", "a")), "'aa' > 'a'");
        assertEquals(List.of("emoji"), idsWhere(TODO, gt("text", "\uFFFD")),
                "U+1F600 > U+FFFD by code point (UTF-16 code units would say the opposite)");
    }

    /** Checks that comparison with null field is unknown so no operator matches. */
    @Test
    default void comparisonWithNullFieldIsUnknownSoNoOperatorMatches() {
        saveFruit();
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, ne("text", "zzz")), "null ne 'zzz' is unknown");
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, lt("text", "zzz")));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, ge("text", "")));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, ne("priority", 100L)));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, le("score", 100.0)));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, ge("complete", false)));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, gt("due", at("1970-01-01T00:00:00Z"))));
    }

    /** Checks that comparison with null field is unknown so not does not match. */
    @Test
    default void comparisonWithNullFieldIsUnknownSoNotDoesNotMatch() {
        saveFruit();
        assertEquals(List.of("b", "c"), idsWhere(TODO, not(eq("text", "apple"))));
        assertEquals(List.of("a"), idsWhere(TODO, not(gt("priority", 1L))));
        assertEquals(List.of("a"), idsWhere(TODO, not(not(eq("text", "apple")))), "NOT NOT unknown is unknown");
    }

    /** Checks that or of unknown and true matches. */
    @Test
    default void orOfUnknownAndTrueMatches() {
        saveFruit();
        assertEquals(List.of("a", "n"), idsWhere(TODO, or(eq("text", "apple"), isNull("priority"))));
    }

    /** Checks that or of unknown and false is unknown so neither it nor its negation matches. */
    @Test
    default void orOfUnknownAndFalseIsUnknownSoNeitherItNorItsNegationMatches() {
        saveFruit();
        assertEquals(List.of(), idsWhere(TODO, or(eq("text", "zzz"), eq("id", "zzz"))));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, not(or(eq("text", "zzz"), eq("id", "zzz")))));
    }

    /** Checks that and of unknown and false is false so its negation matches. */
    @Test
    default void andOfUnknownAndFalseIsFalseSoItsNegationMatches() {
        saveFruit();
        assertEquals(List.of("a", "b", "c", "n"), idsWhere(TODO, not(and(eq("text", "zzz"), eq("id", "zzz")))));
    }

    /** Checks that and of unknown and true is unknown so neither it nor its negation matches. */
    @Test
    default void andOfUnknownAndTrueIsUnknownSoNeitherItNorItsNegationMatches() {
        saveFruit();
        assertEquals(List.of(), idsWhere(TODO, and(ne("text", "zzz"), eq("id", "n"))));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, not(and(ne("text", "zzz"), eq("id", "n")))));
    }

    /** Checks that in matches any listed value of every type. */
    @Test
    default void inMatchesAnyListedValueOfEveryType() {
        saveFruit();
        assertEquals(List.of("a", "c"), idsWhere(TODO, in("text", "apple", "cherry", "zzz")));
        assertEquals(List.of("b", "c"), idsWhere(TODO, in("priority", 2L, 3L)));
        assertEquals(List.of("a", "b"), idsWhere(TODO, in("score", 1.5, 2.0)));
        assertEquals(List.of("b"), idsWhere(TODO, in("complete", false)));
        assertEquals(List.of("a"), idsWhere(TODO, in("due", at("2026-01-01T00:00:00Z"), at("2000-01-01T00:00:00Z"))));
        assertEquals(List.of(), idsWhere(TODO, in("text", "Apple")));
    }

    /** Checks that in with empty list matches nothing and its negation matches every row. */
    @Test
    default void inWithEmptyListMatchesNothingAndItsNegationMatchesEveryRow() {
        saveFruit();
        assertEquals(List.of(), idsWhere(TODO, in("text")));
        assertEquals(List.of("a", "b", "c", "n"), idsWhere(TODO, not(in("text"))),
                "x IN () is false, not unknown, even when x is null");
    }

    /** Checks that not in on null field does not match. */
    @Test
    default void notInOnNullFieldDoesNotMatch() {
        saveFruit();
        assertEquals(List.of("b", "c"), idsWhere(TODO, not(in("text", "apple"))));
    }

    /** Checks that is null matches null and absent fields. */
    @Test
    default void isNullMatchesNullAndAbsentFields() {
        saveFruit();
        save(TODO, row("id", "x", "text", null, "priority", 7L));

        assertEquals(List.of("n", "x"), idsWhere(TODO, isNull("text")));
        assertEquals(List.of("a", "b", "c"), idsWhere(TODO, not(isNull("text"))));
        assertEquals(List.of("n"), idsWhere(TODO, isNull("priority")));
        assertEquals(List.of("n", "x"), idsWhere(TODO, isNull("due")));
        assertEquals(List.of("a", "b", "c", "n", "x"), idsWhere(TODO, isNull("tags")));
    }

    /** Checks that and of no operands matches every row and or of none matches none. */
    @Test
    default void andOfNoOperandsMatchesEveryRowAndOrOfNoneMatchesNone() {
        saveFruit();
        assertEquals(List.of("a", "b", "c", "n"), idsWhere(TODO, and()));
        assertEquals(List.of(), idsWhere(TODO, or()));
        assertEquals(List.of("a", "b", "c", "n"), idsWhere(TODO, not(or())));
        assertEquals(List.of(), idsWhere(TODO, not(and())));
    }

    /** Checks that nested predicates combine. */
    @Test
    default void nestedPredicatesCombine() {
        saveFruit();
        assertEquals(List.of("b", "c"), idsWhere(TODO, or(
                and(ge("priority", 2L), eq("complete", false)),
                and(startsWith("text", "ch"), not(lt("due", at("2025-12-31T00:00:00Z")))))));
        assertEquals(List.of("b"), idsWhere(TODO, and(
                not(or(eq("text", "apple"), isNull("text"))),
                or(gt("score", 1.0), eq("priority", 1L)))));
    }

    /** Checks that delete where uses the same three valued logic. */
    @Test
    default void deleteWhereUsesTheSameThreeValuedLogic() {
        saveFruit();

        assertEquals(2L, store().deleteWhere(TODO, not(eq("text", "apple"))));

        assertEquals(List.of("a", "n"), idsWhere(TODO, null));
    }
}

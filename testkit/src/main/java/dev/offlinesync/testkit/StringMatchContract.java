package dev.offlinesync.testkit;

import dev.offlinesync.spi.StoreQuery;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.contains;
import static dev.offlinesync.testkit.Fixtures.endsWith;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.not;
import static dev.offlinesync.testkit.Fixtures.row;
import static dev.offlinesync.testkit.Fixtures.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * STARTS_WITH, ENDS_WITH and CONTAINS: case-sensitive and literal, so that SQL wildcards, quotes, escapes and
 * comment markers in the value match only themselves.
 */
interface StringMatchContract extends StoreFixture {

    private void saveTrickyTexts() {
        defineTodo();
        save(TODO, List.of(
                row("id", "percent", "text", "100%"),
                row("id", "digits", "text", "1000"),
                row("id", "underscore", "text", "a_b"),
                row("id", "axb", "text", "axb"),
                row("id", "apostrophe", "text", "it's"),
                row("id", "doubleQuote", "text", "say \"hi\""),
                row("id", "backslash", "text", "C:\\temp"),
                row("id", "noBackslash", "text", "C:temp"),
                row("id", "comment", "text", "x--y"),
                row("id", "semicolon", "text", "a;b; DROP TABLE todo"),
                row("id", "emoji", "text", "smile 😀 ok"),
                row("id", "japanese", "text", "日本語テキスト"),
                row("id", "accents", "text", "naïve café"),
                row("id", "nullText")));
    }

    /** Checks that starts with ends with and contains match plain text. */
    @Test
    default void startsWithEndsWithAndContainsMatchPlainText() {
        saveTrickyTexts();
        assertEquals(List.of("noBackslash"), idsWhere(TODO, startsWith("text", "C:t")));
        assertEquals(List.of("backslash", "noBackslash"), idsWhere(TODO, endsWith("text", "temp")));
        assertEquals(List.of("accents"), idsWhere(TODO, contains("text", "ve ca")));
        assertEquals(List.of("axb"), idsWhere(TODO, startsWith("text", "axb")), "the whole value is a prefix");
        assertEquals(List.of("axb"), idsWhere(TODO, endsWith("text", "axb")), "the whole value is a suffix");
    }

    /** Checks that string match is case sensitive. */
    @Test
    default void stringMatchIsCaseSensitive() {
        saveTrickyTexts();
        assertEquals(List.of(), idsWhere(TODO, contains("text", "drop")));
        assertEquals(List.of("semicolon"), idsWhere(TODO, contains("text", "DROP")));
        assertEquals(List.of(), idsWhere(TODO, startsWith("text", "c:")));
        assertEquals(List.of(), idsWhere(TODO, endsWith("text", "CAFÉ")));
        assertEquals(List.of(), idsWhere(TODO, startsWith("text", "Naïve")));
    }

    /** Checks that empty match value matches every non null string. */
    @Test
    default void emptyMatchValueMatchesEveryNonNullString() {
        saveTrickyTexts();
        assertEquals(13, idsWhere(TODO, startsWith("text", "")).size());
        assertEquals(13, idsWhere(TODO, endsWith("text", "")).size());
        assertEquals(13, idsWhere(TODO, contains("text", "")).size());
    }

    /** Checks that percent sign is literal. */
    @Test
    default void percentSignIsLiteral() {
        saveTrickyTexts();
        assertEquals(List.of("percent"), idsWhere(TODO, contains("text", "%")));
        assertEquals(List.of("percent"), idsWhere(TODO, startsWith("text", "100%")));
        assertEquals(List.of("percent"), idsWhere(TODO, endsWith("text", "0%")));
        assertEquals(List.of("percent"), idsWhere(TODO, eq("text", "100%")));
    }

    /** Checks that underscore is literal. */
    @Test
    default void underscoreIsLiteral() {
        saveTrickyTexts();
        assertEquals(List.of("underscore"), idsWhere(TODO, contains("text", "_")));
        assertEquals(List.of("underscore"), idsWhere(TODO, startsWith("text", "a_")));
        assertEquals(List.of("underscore"), idsWhere(TODO, endsWith("text", "_b")));
        assertEquals(List.of("underscore"), idsWhere(TODO, contains("text", "a_b")));
    }

    /** Checks that quotes are literal. */
    @Test
    default void quotesAreLiteral() {
        saveTrickyTexts();
        assertEquals(List.of("apostrophe"), idsWhere(TODO, contains("text", "'")));
        assertEquals(List.of("apostrophe"), idsWhere(TODO, endsWith("text", "'s")));
        assertEquals(List.of("apostrophe"), idsWhere(TODO, eq("text", "it's")));
        assertEquals(List.of("doubleQuote"), idsWhere(TODO, contains("text", "\"hi\"")));
        assertEquals(List.of("doubleQuote"), idsWhere(TODO, endsWith("text", "\"")));
    }

    /** Checks that backslash is literal. */
    @Test
    default void backslashIsLiteral() {
        saveTrickyTexts();
        assertEquals(List.of("backslash"), idsWhere(TODO, contains("text", "\\")));
        assertEquals(List.of("backslash"), idsWhere(TODO, startsWith("text", "C:\\t")));
        assertEquals(List.of("backslash"), idsWhere(TODO, endsWith("text", "\\temp")));
        assertEquals(List.of(), idsWhere(TODO, contains("text", "\\%")));
    }

    /** Checks that comment markers and semicolons are literal. */
    @Test
    default void commentMarkersAndSemicolonsAreLiteral() {
        saveTrickyTexts();
        assertEquals(List.of("comment"), idsWhere(TODO, contains("text", "--")));
        assertEquals(List.of("comment"), idsWhere(TODO, startsWith("text", "x--")));
        assertEquals(List.of("semicolon"), idsWhere(TODO, contains("text", "; DROP TABLE todo")));
        assertEquals(List.of("semicolon"), idsWhere(TODO, endsWith("text", "todo")));
        assertEquals(14, store().read(StoreQuery.all(TODO)).rows().size(), "the table is still there");
    }

    /** Checks that unicode matches by character. */
    @Test
    default void unicodeMatchesByCharacter() {
        saveTrickyTexts();
        assertEquals(List.of("emoji"), idsWhere(TODO, contains("text", "😀")));
        assertEquals(List.of("emoji"), idsWhere(TODO, contains("text", " 😀 ")));
        assertEquals(List.of("japanese"), idsWhere(TODO, startsWith("text", "日本")));
        assertEquals(List.of("japanese"), idsWhere(TODO, endsWith("text", "テキスト")));
        assertEquals(List.of("accents"), idsWhere(TODO, contains("text", "ï")));
        assertEquals(List.of("accents"), idsWhere(TODO, endsWith("text", "é")));
        assertEquals(List.of(), idsWhere(TODO, endsWith("text", "e")), "é is not e");
    }

    /** Checks that string match on null field is unknown so not does not match. */
    @Test
    default void stringMatchOnNullFieldIsUnknownSoNotDoesNotMatch() {
        saveTrickyTexts();
        assertEquals(12, idsWhere(TODO, not(contains("text", "%"))).size(), "13 texts but one contains %");
        assertFalse(idsWhere(TODO, not(contains("text", "%"))).contains("nullText"));
        assertEquals(List.of(), idsWhere(TODO, not(startsWith("text", ""))));
    }

    /** Checks that hundred kilobyte string round trips and matches. */
    @Test
    default void hundredKilobyteStringRoundTripsAndMatches() {
        defineTodo();
        StringBuilder text = new StringBuilder("START:");
        for (int i = 0; text.length() < 100_000; i++) {
            text.append(i).append(" it's 100% é 😀 \\ -- ; ");
        }
        text.append(":END");
        String big = text.toString();
        save(TODO, List.of(row("id", "big", "text", big), row("id", "small", "text", "START: small :END")));

        assertEquals(big, get(TODO, "big").get("text"));
        assertEquals(List.of("big"), idsWhere(TODO, eq("text", big)));
        assertEquals(List.of("big"), idsWhere(TODO, contains("text", " 2999 it's 100% é 😀 \\ -- ; 3000 ")));
        assertEquals(List.of("big", "small"), idsWhere(TODO, startsWith("text", "START:")));
        assertEquals(List.of("big", "small"), idsWhere(TODO, endsWith("text", ":END")));
        assertEquals(List.of("big"), idsWhere(TODO, startsWith("text", big.substring(0, 60_000))));
        assertEquals(List.of(), idsWhere(TODO, contains("text", "START:0 it's 100% É")));
    }
}

package dev.offlinesync.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.Filter;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.Predicate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ODataWriterTest {

    private final ODataWriter odata = MobileAppsProtocol.INSTANCE.odata();

    private String render(Filter filter) {
        return odata.filter(filter.predicate());
    }

    @Test
    void comparisonsRenderWithOperatorNames() {
        assertEquals("complete eq false", render(Filter.eq("complete", false)));
        assertEquals("count ne 3", render(Filter.ne("count", 3)));
        assertEquals("count gt 3", render(Filter.gt("count", 3L)));
        assertEquals("price ge 2.5", render(Filter.ge("price", 2.5)));
        assertEquals("price lt 10.0", render(Filter.lt("price", 10.0)));
        assertEquals("price le 0.1", render(Filter.le("price", 0.1f)));
    }

    @Test
    void stringQuotesAreDoubledAndUnicodeKept() {
        assertEquals("text eq 'it''s ''quoted'' -- ; % _ \\ é 🙂'", render(Filter.eq("text", "it's 'quoted' -- ; % _ \\ é 🙂")));
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRefusedRatherThanSentAsAnotherString() {
        Predicate cursor = new Predicate.Comparison("id", Predicate.Op.GT, "item-\uD800");

        InvalidItemException e = assertThrows(InvalidItemException.class, () -> odata.filter(cursor));
        assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate"), e.getMessage());
    }

    @Test
    void datesRenderAsDatetimeoffsetWithMilliseconds() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678912Z");
        assertEquals("updatedAt gt datetimeoffset'2026-01-02T03:04:05.678Z'", render(Filter.gt("updatedAt", at)));
        OffsetDateTime local = OffsetDateTime.of(2026, 1, 2, 5, 4, 5, 0, ZoneOffset.ofHours(2));
        assertEquals("updatedAt eq datetimeoffset'2026-01-02T03:04:05.000Z'", render(Filter.eq("updatedAt", local)));
    }

    @Test
    void largeAndSmallDoublesRenderWithoutExponent() {
        assertEquals("x eq 10000000000.0", render(Filter.eq("x", 1e10)));
        assertEquals("x eq 0.00001", render(Filter.eq("x", 1e-5)));
    }

    @Test
    void nullChecksRenderAsEqNull() {
        assertEquals("text eq null", render(Filter.eq("text", null)));
        assertEquals("not (text eq null)", render(Filter.isNotNull("text")));
    }

    @Test
    void stringFunctionsUseODataV3Names() {
        assertEquals("startswith(text,'a''b')", render(Filter.startsWith("text", "a'b")));
        assertEquals("endswith(text,'z')", render(Filter.endsWith("text", "z")));
        assertEquals("substringof('mid',text)", render(Filter.contains("text", "mid")));
    }

    @Test
    void inBecomesParenthesisedOrAndEmptyInMatchesNothing() {
        assertEquals("(id eq 'a' or id eq 'b')", render(Filter.in("id", "a", "b")));
        assertEquals("1 eq 0", render(Filter.in("id", List.of())));
    }

    @Test
    void logicalOperatorsParenthesiseEveryOperand() {
        Filter f = Filter.eq("a", 1).and(Filter.eq("b", 2).or(Filter.eq("c", 3))).not();
        assertEquals("not ((a eq 1) and ((b eq 2) or (c eq 3)))", render(f));
    }

    @Test
    void nonFiniteNumbersAreRefusedWithAClearError() {
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> render(Filter.eq("x", Double.NaN)));
        assertEquals(true, e.getMessage().contains("finite number"));
    }

    @Test
    void unsupportedFilterValuesAreRefusedWithTheirType() {
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> Filter.eq("x", new Object()));
        assertEquals(true, e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void invalidFieldNamesAreRefused() {
        assertThrows(InvalidItemException.class, () -> Filter.eq("text; drop table", "x"));
    }

    @Test
    void aValueOfAnotherTypeIsRefusedNamingTheTypesAFilterTakes() {
        Predicate odd = new Predicate.Comparison("tag", Predicate.Op.EQ, java.util.UUID.randomUUID());

        InvalidItemException e = assertThrows(InvalidItemException.class, () -> odata.filter(odd));
        assertTrue(e.getMessage().contains("java.util.UUID"), e.getMessage());
        assertTrue(e.getMessage().contains("give a String, Long, Integer, Double, Boolean or Instant"), e.getMessage());
    }
}

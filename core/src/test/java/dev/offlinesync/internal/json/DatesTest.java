package dev.offlinesync.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DatesTest {

    @Test
    void theServersFormReadsToTheSameInstantAsTheGeneralParser() {
        for (String text : List.of("2026-11-23T23:05:13.261Z", "1970-01-01T00:00:00.000Z", "2024-02-29T12:00:00.999Z",
                "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.001Z")) {
            assertEquals(Instant.parse(text), Dates.parse(text), text);
        }
    }

    @Test
    void everyDayOfLeapAndCommonYearsReadsAsTheGeneralParserReadsIt() {
        for (int year : new int[] {1, 4, 100, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999}) {
            for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
                String text = String.format(Locale.ROOT, "%04d-%02d-%02dT23:59:58.007Z", year, day.getMonthValue(),
                        day.getDayOfMonth());
                assertEquals(day.atTime(23, 59, 58, 7_000_000).toInstant(ZoneOffset.UTC), Dates.parse(text), text);
            }
        }
    }

    @Test
    void otherFormsFallBackToTheLenientParser() {
        assertEquals(Instant.parse("2026-11-23T23:05:13Z"), Dates.parse("2026-11-23T23:05:13Z"));
        assertEquals(Instant.parse("2026-11-23T23:05:13.200Z"), Dates.parse("2026-11-23T23:05:13.2Z"));
        assertEquals(Instant.parse("2026-11-23T22:05:13.261Z"), Dates.parse("2026-11-23T23:05:13.261+01:00"));
        assertEquals(Instant.parse("2026-11-23T23:05:13.261Z"), Dates.parse("2026-11-23T23:05:13.261999999Z"));
    }

    @Test
    void impossibleDatesInTheServersFormAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-13-23T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-02-30T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2023-02-29T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2100-02-29T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-04-31T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-11-23T24:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-11-23T23:60:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-11-23T23:05:60.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-1x-23T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("soon"));
    }

    @Test
    void formatWritesEveryDayAndTimeAsTheGeneralFormatterDoes() {
        DateTimeFormatter general = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);
        for (int year : new int[] {0, 1, 4, 100, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999}) {
            for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
                for (Instant at : List.of(day.atStartOfDay().toInstant(ZoneOffset.UTC),
                        day.atTime(23, 59, 59, 999_999_999).toInstant(ZoneOffset.UTC),
                        day.atTime(12, 7, 3, 40_000_000).toInstant(ZoneOffset.UTC))) {
                    assertEquals(general.format(at), Dates.format(at), at.toString());
                }
            }
        }
        for (Instant outside : List.of(Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertEquals(general.format(outside), Dates.format(outside));
        }
    }

    @Test
    void formatWritesExactlyThreeFractionDigits() {
        assertEquals("2026-11-23T23:05:13.000Z", Dates.format(Instant.parse("2026-11-23T23:05:13Z")));
        assertEquals("2026-11-23T23:05:13.261Z", Dates.format(Instant.parse("2026-11-23T23:05:13.261999Z")));
    }
}

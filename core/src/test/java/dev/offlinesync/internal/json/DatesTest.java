package dev.offlinesync.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
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
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("2026-1x-23T23:05:13.261Z"));
        assertThrows(IllegalArgumentException.class, () -> Dates.parse("soon"));
    }

    @Test
    void formatWritesExactlyThreeFractionDigits() {
        assertEquals("2026-11-23T23:05:13.000Z", Dates.format(Instant.parse("2026-11-23T23:05:13Z")));
        assertEquals("2026-11-23T23:05:13.261Z", Dates.format(Instant.parse("2026-11-23T23:05:13.261999Z")));
    }
}

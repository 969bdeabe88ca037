package dev.offlinesync.internal.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Dates on the wire: ISO-8601 UTC, written with exactly three fraction digits, read leniently. */
public final class Dates {

    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Dates() {
    }

    /** {@code 2026-01-02T03:04:05.678Z}. */
    public static String format(Instant instant) {
        return WRITE.format(instant);
    }

    /**
     * Parses an ISO-8601 date-time with 0 to 9 fraction digits and {@code Z} or an offset; truncated to
     * milliseconds.
     *
     * @throws IllegalArgumentException when the text is not such a date
     */
    public static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time with an offset", e);
        }
    }
}

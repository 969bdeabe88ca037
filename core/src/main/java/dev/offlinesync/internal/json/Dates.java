package dev.offlinesync.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Dates on the wire: ISO-8601 UTC, written with exactly three fraction digits, read leniently. */
public final class Dates {

    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits and no sign. */
    private static final long FIRST_FAST = -62_167_219_200L;
    private static final long END_FAST = 253_402_300_800L;

    private Dates() {
    }

    /** {@code 2026-01-02T03:04:05.678Z}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST || seconds >= END_FAST) {
            return WRITE.format(instant); // years outside 0000 to 9999 are written with their sign
        }
        // Written without the formatter: every pull request's cursor and every saved cursor holds a date, and the
        // formatter's field walk cost as much as the rest of the request's filter. March-based years, as epochDay.
        long shifted = Math.floorDiv(seconds, 86_400L) + 719_468L;
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int era = (int) Math.floorDiv(shifted, 146_097L);
        int dayOfEra = (int) (shifted - era * 146_097L);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthIndex = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        int year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        char[] out = new char[24];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        put(out, 20, instant.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    /** {@code value} in {@code width} digits, zero-padded, at {@code at}. */
    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses an ISO-8601 date-time with 0 to 9 fraction digits and {@code Z} or an offset; truncated to
     * milliseconds.
     *
     * @throws IllegalArgumentException when the text is not such a date
     */
    public static Instant parse(String text) {
        Instant common = parseCommonForm(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time with an offset", e);
        }
    }

    /**
     * The form servers send (and {@link #format} writes), {@code 2026-01-02T03:04:05.678Z}, read without the
     * general formatter: a pull parses one or two dates per row, and the formatter was half of a pull's CPU time.
     * Returns {@code null} for any other form.
     */
    private static Instant parseCommonForm(String text) {
        if (text == null || text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = digits(text, 20, 23);
        if ((year | month | day | hour | minute | second | millis) < 0) {
            return null;
        }
        if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour < 24
                && minute < 60 && second < 60) {
            // counted straight to the epoch: the date and time objects of the general path are three allocations
            // a date, and a pulled row has two or three dates
            long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
            return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
        }
        // out of range: the general path names what is wrong
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid date-time: " + e.getMessage(), e);
        }
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar (years 1 to 9999). */
    private static long epochDay(int year, int month, int day) {
        // March-based years put the leap day last, so each month's start is a fixed count of days into the year
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

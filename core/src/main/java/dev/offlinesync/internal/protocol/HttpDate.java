package dev.offlinesync.internal.protocol;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Reads an HTTP {@code Date} header. The form every server sends ({@code Sun, 06 Nov 1994 08:49:37 GMT}) is read by
 * position, as the header of every pulled page is read and the general RFC 1123 parser cost more than the rest of a
 * small page; any other form (and a weekday that does not match its date) goes to that parser.
 */
final class HttpDate {

    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
            "Sep", "Oct", "Nov", "Dec");

    private HttpDate() {
    }

    /** The instant of the header's value; throws {@link DateTimeException} when it is not a date. */
    static Instant parse(String value) {
        if (value.length() == 29 && value.charAt(3) == ',' && value.charAt(4) == ' ' && value.charAt(7) == ' '
                && value.charAt(11) == ' ' && value.charAt(16) == ' ' && value.charAt(19) == ':'
                && value.charAt(22) == ':' && value.endsWith(" GMT")) {
            int day = digits(value, 5, 2);
            int month = MONTHS.indexOf(value.substring(8, 11)) + 1;
            int year = digits(value, 12, 4);
            int hour = digits(value, 17, 2);
            int minute = digits(value, 20, 2);
            int second = digits(value, 23, 2);
            if (day > 0 && month > 0 && year >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second);
                    DayOfWeek weekday = time.getDayOfWeek();
                    if (value.startsWith(weekday.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))) {
                        return time.toInstant(ZoneOffset.UTC);
                    }
                } catch (DateTimeException e) {
                    // out of range (a 31st of a short month, hour 24): the general parser words the failure
                }
            }
        }
        return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value));
    }

    /** The number in {@code count} ASCII digits at {@code start}, or -1 when they are not all digits. */
    private static int digits(String value, int start, int count) {
        int number = 0;
        for (int i = start; i < start + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}

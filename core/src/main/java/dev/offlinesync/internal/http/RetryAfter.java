package dev.offlinesync.internal.http;

import java.net.http.HttpHeaders;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The wait a {@code Retry-After} header asks for: delta-seconds ({@code 120}) or an HTTP date. A date is measured
 * against the answer's own {@code Date} header when it has one, so a device whose clock is off still waits what
 * the server meant.
 */
final class RetryAfter {

    private static final System.Logger LOG = System.getLogger(RetryAfter.class.getName());

    /** Longer than any sane wait; bounds the arithmetic on absurd values. */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private RetryAfter() {
    }

    /** The requested wait (zero when the date has passed), or empty when the header is absent or unreadable. */
    static Optional<Duration> of(HttpHeaders headers, Instant now) {
        Optional<String> header = headers.firstValue("Retry-After").map(String::strip);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = value.length() > 8 ? MAX_SECONDS : Math.min(Long.parseLong(value), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(seconds));
        }
        Optional<Instant> at = date(value);
        if (at.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring an unreadable Retry-After header: {0}", value);
            return Optional.empty();
        }
        Instant reference = headers.firstValue("Date").flatMap(RetryAfter::date).orElse(now);
        Duration wait = Duration.between(reference, at.get());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    private static Optional<Instant> date(String text) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip())));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}

package dev.offlinesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (k, v) -> true);
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Test
    void deltaSecondsAreTheWait() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.of(headers(Map.of("Retry-After", "120")), NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.of(headers(Map.of("Retry-After", " 0 ")), NOW));
    }

    @Test
    void anAbsurdNumberOfSecondsIsAYearNotAnOverflow() {
        assertEquals(Optional.of(Duration.ofDays(365)),
                RetryAfter.of(headers(Map.of("Retry-After", "99999999999999999999999")), NOW));
    }

    @Test
    void anHttpDateIsMeasuredFromTheAnswersDateHeader() {
        Instant serverNow = NOW.minus(Duration.ofHours(1)); // the device's clock is an hour ahead
        HttpHeaders headers = headers(Map.of("Retry-After", httpDate(serverNow.plusSeconds(90)),
                "Date", httpDate(serverNow)));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.of(headers, NOW));
    }

    @Test
    void anHttpDateWithoutADateHeaderIsMeasuredFromTheLocalClock() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetryAfter.of(headers(Map.of("Retry-After", httpDate(NOW.plusSeconds(30)))), NOW));
    }

    @Test
    void aPastDateMeansRetryNow() {
        assertEquals(Optional.of(Duration.ZERO),
                RetryAfter.of(headers(Map.of("Retry-After", httpDate(NOW.minusSeconds(30)))), NOW));
    }

    @Test
    void anAbsentOrUnreadableHeaderAsksForNothing() {
        assertEquals(Optional.empty(), RetryAfter.of(headers(Map.of()), NOW));
        assertEquals(Optional.empty(), RetryAfter.of(headers(Map.of("Retry-After", "soon")), NOW));
        assertEquals(Optional.empty(), RetryAfter.of(headers(Map.of("Retry-After", "-5")), NOW));
    }
}

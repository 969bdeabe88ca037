package dev.offlinesync.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Mon, 30 Nov 2026 02:41:10 GMT",
        "Thu, 29 Feb 2024 23:59:59 GMT", "Sat, 01 Jan 2000 00:00:00 GMT", "Fri, 31 Dec 9999 12:00:00 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 +0000", "06 Nov 1994 08:49:37 GMT"})
    void aDateHeaderIsReadAsTheGeneralParserReadsIt(String header) {
        assertEquals(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(header)), HttpDate.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mon, 06 Nov 1994 08:49:37 GMT", "Fri, 31 Nov 2026 02:41:10 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT", "never"})
    void aHeaderThatIsNotADateFailsAsTheGeneralParserFails(String header) {
        assertThrows(DateTimeException.class, () -> DateTimeFormatter.RFC_1123_DATE_TIME.parse(header));
        assertThrows(DateTimeException.class, () -> HttpDate.parse(header));
    }
}

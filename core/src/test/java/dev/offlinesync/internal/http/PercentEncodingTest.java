package dev.offlinesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {

    @Test
    void textIsEncodedAsTheUrlEncoderDoesWithSpacesAsPercent20() {
        for (String text : List.of("TodoItem", "a-b_c.d*e", "0123456789", "$filter", "__includeDeleted", "true", "1000",
                "updatedAt,id", "a b", "a+b", "id gt 'x''y'", "caf\u00e9", "\uD83D\uDE00", "~", "", "a/b?c&d=e#f%")) {
            String expected = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            assertEquals(expected, TableClient.encode(text), text);
        }
    }
}

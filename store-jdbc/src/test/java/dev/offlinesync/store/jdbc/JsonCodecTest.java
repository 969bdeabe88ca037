package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonCodecTest {

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void everyValueTypeRoundTripsWithItsJavaType() {
        Map<String, Object> value = map("s", "it's \"q\"", "l", Long.MIN_VALUE, "d", 2.0, "tiny", Double.MIN_VALUE,
                "b", true, "i", Instant.parse("1969-12-31T23:59:59.999Z"), "n", null,
                "list", new ArrayList<>(Arrays.asList(1L, 1.5, "x", null, false)), "nested", map("deep", map()));

        Object back = JsonCodec.decode(JsonCodec.encode(value));

        assertEquals(value, back);
        assertEquals(Double.class, ((Map<?, ?>) back).get("d").getClass());
        assertEquals(Instant.class, ((Map<?, ?>) back).get("i").getClass());
    }

    @Test
    void nonFiniteDoublesRoundTrip() {
        List<Object> value = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertEquals(value, JsonCodec.decode(JsonCodec.encode(value)));
    }

    @Test
    void keysThatLookLikeTagsAreNotMistakenForThem() {
        Map<String, Object> value = map("$instant", "2026-01-01T00:00:00Z", "$$x", 1L, "$", "dollar");
        assertEquals(value, JsonCodec.decode(JsonCodec.encode(value)));
        Map<String, Object> single = map("$instant", "not a date");
        assertEquals(single, JsonCodec.decode(JsonCodec.encode(single)));
    }

    @Test
    void damagedTextFailsWithAStoreException() {
        assertThrows(StoreException.class, () -> JsonCodec.decode("{\"a\":"));
        assertThrows(StoreException.class, () -> JsonCodec.decode("{\"$nope\":1}"));
        assertThrows(StoreException.class, () -> JsonCodec.decodeMap("[1]"));
    }
}

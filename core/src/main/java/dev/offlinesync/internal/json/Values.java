package dev.offlinesync.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/** Normalizes Java values given by users (filter values) to the SPI's value types. */
public final class Values {

    private Values() {
    }

    /**
     * Converts a value to String, Long, Double, Boolean or Instant (millisecond precision).
     *
     * @throws IllegalArgumentException for a type that has no such form; the message names the type
     */
    public static Object normalize(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return Double.valueOf(f.toString());
        }
        if (value instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (value instanceof BigDecimal d) {
            return d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        }
        if (value instanceof Instant i) {
            return i.truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof ZonedDateTime t) {
            return t.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Character || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        throw new IllegalArgumentException("a value of type " + (value == null ? "null" : value.getClass().getName())
                + "; use a string, number, boolean or date");
    }
}

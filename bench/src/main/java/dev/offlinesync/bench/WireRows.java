package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.ColumnType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The rows the end-to-end benchmark syncs: the columns of the Node server's {@code TypedItem} table (so one
 * client table works against both servers), about 330 bytes of JSON each with the system columns. Server row
 * {@code n} is a pure function of {@code n}: its id, its contents and its updatedAt ({@link #BASE} plus n ms), so
 * a server can answer a million rows without holding them.
 */
final class WireRows {

    /** The user's columns; a sync table adds createdAt, updatedAt and version. */
    static final Map<String, ColumnType> COLUMNS;
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00.000Z");
    static final String TITLE = "Buy oat milk, bread and coffee on the way home from the office";
    static final String NOTE = "Call the plumber about the kitchen sink before Friday; the spare key is with the"
            + " neighbours";
    /** The version the server gives a row it has never changed: base64 of "1", as the Node server does. */
    static final String FIRST_VERSION = "MQ==";

    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        columns.put("title", ColumnType.STRING);
        columns.put("done", ColumnType.BOOLEAN);
        columns.put("amount", ColumnType.REAL);
        columns.put("due", ColumnType.DATE);
        columns.put("note", ColumnType.STRING);
        COLUMNS = Map.copyOf(columns);
    }

    /** How the server's ids look. */
    enum Ids {
        /** Random UUIDs (what a client makes with {@code UUID.randomUUID()}): every page lands all over the B-tree. */
        RANDOM,
        /** Time-ordered ids (UUIDv7-like): ids grow with updatedAt, so pulled pages append to the B-tree. */
        TIME_ORDERED
    }

    private WireRows() {
    }

    static String format(long epochMillis) {
        return MILLIS_UTC.format(Instant.ofEpochMilli(epochMillis));
    }

    static long updatedAt(int n) {
        return BASE.toEpochMilli() + n;
    }

    /** The id of server row {@code n}; time-ordered ids sort as their rows' updatedAt do. */
    static String id(Ids ids, int n) {
        long mixed = mix(n * 0x9E3779B97F4A7C15L + 0x1234567L);
        long low = mix(mixed ^ 0xC2B2AE3D27D4EB4FL);
        if (ids == Ids.RANDOM) {
            return new UUID(mixed, low).toString();
        }
        long high = (updatedAt(n) << 16) | 0x7000L | (mixed & 0x0FFFL);
        return new UUID(high, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Server row {@code n} as the server sends it, never changed since it was made. */
    static byte[] serverJson(Ids ids, int n) {
        String updated = format(updatedAt(n));
        return json(id(ids, n), updated, updated, FIRST_VERSION, false, "#" + n + " " + TITLE, n % 3 == 0,
                n * 0.25, format(BASE.toEpochMilli() + n * 1000L), NOTE).getBytes(StandardCharsets.UTF_8);
    }

    static String json(String id, String createdAt, String updatedAt, String version, boolean deleted, String title,
                       boolean done, double amount, String due, String note) {
        StringBuilder out = new StringBuilder(360);
        out.append("{\"id\":");
        quote(out, id);
        out.append(",\"createdAt\":\"").append(createdAt).append("\",\"updatedAt\":\"").append(updatedAt)
                .append("\",\"version\":");
        quote(out, version);
        out.append(",\"deleted\":").append(deleted).append(",\"title\":");
        quote(out, title);
        out.append(",\"done\":").append(done).append(",\"amount\":").append(amount).append(",\"due\":\"")
                .append(due).append("\",\"note\":");
        quote(out, note);
        return out.append('}').toString();
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** A new local item without an id, as an app hands it to {@code insert}. */
    static ObjectNode localItem(int n) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("title", "#" + n + " " + TITLE);
        item.put("done", n % 3 == 0);
        item.put("amount", n * 0.25);
        item.put("due", format(BASE.toEpochMilli() + n * 1000L));
        item.put("note", NOTE);
        return item;
    }
}

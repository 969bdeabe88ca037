package dev.offlinesync.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One table of the in-process server, kept in (updatedAt, id) order so that a keyset page is a seek and a short
 * walk. The rows the table starts with are generated ({@link WireRows#serverJson}) and, up to
 * {@link #CACHED_ROWS}, rendered once; a row written later (a change, a pushed insert) lives in an ordered
 * overlay whose updatedAt is after every generated row's, as the server clock always moves forward.
 * Thread-safe: every method holds the table's lock.
 */
final class ServerTable {

    /** Up to this many generated rows are rendered once and kept; beyond it they are rendered per request. */
    static final int CACHED_ROWS = 200_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where a row sits in the list order. */
    record Key(long updatedAt, String id) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byTime = Long.compare(updatedAt, other.updatedAt);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    /** An answer to a write: the status and the server's item. */
    record Result(int status, byte[] body) {
    }

    private static final class Row {
        Key key;
        ObjectNode item;
        byte[] json;
    }

    private final WireRows.Ids ids;
    private final int generated;
    private final byte[][] cache;
    private final BitSet moved = new BitSet();
    private final NavigableMap<Key, Row> overlay = new TreeMap<>();
    private final Map<String, Row> overlayById = new HashMap<>();
    private Map<String, Integer> generatedById;
    private long clock;
    private long versions = 1;

    ServerTable(WireRows.Ids ids, int generated) {
        this.ids = ids;
        this.generated = generated;
        this.cache = generated <= CACHED_ROWS ? new byte[generated][] : null;
        for (int n = 0; cache != null && n < generated; n++) {
            cache[n] = WireRows.serverJson(ids, n);
        }
        this.clock = WireRows.updatedAt(generated);
    }

    /** Rows after the cursor ({@code afterId == null}: from the start), in (updatedAt, id) order. */
    synchronized List<byte[]> page(long afterUpdatedAt, String afterId, int top, boolean includeDeleted) {
        List<byte[]> out = new ArrayList<>(Math.min(top, 1000));
        int n = 0;
        if (afterId != null) {
            long offset = afterUpdatedAt - WireRows.BASE.toEpochMilli();
            n = offset < 0 ? 0 : (int) Math.min(offset, generated);
            if (n < generated && offset >= 0 && WireRows.id(ids, n).compareTo(afterId) <= 0) {
                n++;
            }
        }
        for (; n < generated && out.size() < top; n++) {
            if (!moved.get(n)) {
                out.add(cache != null ? cache[n] : WireRows.serverJson(ids, n));
            }
        }
        NavigableMap<Key, Row> rest = afterId == null ? overlay : overlay.tailMap(new Key(afterUpdatedAt, afterId), false);
        for (Row row : rest.values()) {
            if (out.size() >= top) {
                break;
            }
            if (includeDeleted || !row.item.path("deleted").asBoolean()) {
                out.add(row.json);
            }
        }
        return out;
    }

    /** Gives {@code count} rows that were never changed new contents, a new version and a new updatedAt. */
    synchronized void change(int count, Random random) {
        int changed = 0;
        for (int attempt = 0; changed < count && attempt < count * 20; attempt++) {
            int n = random.nextInt(generated);
            if (!moved.get(n)) {
                Row row = generatedRow(n);
                row.item.put("title", "changed " + changed + " " + WireRows.TITLE);
                write(row);
                changed++;
            }
        }
    }

    synchronized Result insert(ObjectNode body) {
        String id = body.hasNonNull("id") ? body.get("id").asText() : UUID.randomUUID().toString();
        Row existing = find(id);
        if (existing != null) {
            return new Result(409, existing.json);
        }
        Row row = new Row();
        row.item = body.deepCopy();
        row.item.put("id", id);
        row.item.put("deleted", false);
        long now = tick();
        row.item.put("createdAt", WireRows.format(now));
        write(row, now);
        return new Result(201, row.json);
    }

    /** A PATCH ({@code delete}: a soft delete) honouring {@code If-Match}. */
    synchronized Result update(String id, ObjectNode patch, String ifMatch, boolean delete) {
        Row row = find(id);
        if (row == null || row.item.path("deleted").asBoolean()) {
            return new Result(404, "{\"error\":\"The item does not exist\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (ifMatch != null && !ifMatch.replace("\"", "").equals(row.item.path("version").asText())) {
            return new Result(412, row.json);
        }
        if (delete) {
            row.item.put("deleted", true);
        } else {
            patch.fields().forEachRemaining(field -> {
                if (!List.of("id", "createdAt", "updatedAt", "version", "deleted").contains(field.getKey())) {
                    row.item.set(field.getKey(), field.getValue());
                }
            });
        }
        write(row);
        return new Result(200, row.json);
    }

    synchronized int size() {
        return generated - moved.cardinality() + overlay.size();
    }

    private Row find(String id) {
        Row row = overlayById.get(id);
        if (row != null) {
            return row;
        }
        if (generatedById == null) {
            generatedById = new HashMap<>();
            for (int n = 0; n < generated; n++) {
                generatedById.put(WireRows.id(ids, n), n);
            }
        }
        Integer n = generatedById.get(id);
        return n == null || moved.get(n) ? null : generatedRow(n);
    }

    /** A generated row taken out of its place, to be written again into the overlay. */
    private Row generatedRow(int n) {
        Row row = new Row();
        try {
            row.item = (ObjectNode) MAPPER.readTree(cache != null ? cache[n] : WireRows.serverJson(ids, n));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a generated row is not JSON", e);
        }
        moved.set(n);
        return row;
    }

    private void write(Row row) {
        write(row, tick());
    }

    private void write(Row row, long now) {
        if (row.key != null) {
            overlay.remove(row.key);
        }
        row.item.put("updatedAt", WireRows.format(now));
        row.item.put("version", Base64.getEncoder().encodeToString(
                Long.toString(++versions).getBytes(StandardCharsets.US_ASCII)));
        row.key = new Key(now, row.item.get("id").asText());
        try {
            row.json = MAPPER.writeValueAsBytes(row.item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a row", e);
        }
        overlay.put(row.key, row);
        overlayById.put(row.key.id(), row);
    }

    /** The server clock: milliseconds, never twice the same, always after every generated row. */
    private long tick() {
        clock = Math.max(System.currentTimeMillis(), clock + 1);
        return clock;
    }
}

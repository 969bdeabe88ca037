package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.offlinesync.spi.StoreException;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of JSON column values and of the fields a table definition does not name. It keeps the
 * {@link dev.offlinesync.spi.ColumnType} Java types exactly: numbers stay {@code Long} or {@code Double}, and
 * the two values plain JSON cannot tell apart are tagged objects: an instant is {@code {"$instant":"<ISO>"}}
 * and a non-finite double {@code {"$double":"NaN"}}. A map key that starts with {@code $} is written with one
 * more {@code $} in front, so a user's map can never be mistaken for a tag.
 */
final class JsonCodec {

    private static final String INSTANT = "$instant";
    private static final String DOUBLE = "$double";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).maxNumberLength(1_000).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10_000).build())
            .build();

    private JsonCodec() {
    }

    /** The text of a value: a map, a list or (inside them) any value of the column types. */
    static String encode(Object value) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(gen, value);
        } catch (IOException e) {
            throw new StoreException("could not encode a JSON value: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** The value a text made by {@link #encode} stands for; maps come back as mutable LinkedHashMaps. */
    static Object decode(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("trailing content");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new StoreException("the store holds a JSON value it cannot read (" + e.getMessage()
                    + "); the file was changed by another program or is damaged", e);
        }
    }

    /** Decodes the text of a JSON object into a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decodeMap(String text) {
        Object value = decode(text);
        if (!(value instanceof Map<?, ?>)) {
            throw new StoreException("the store holds extra fields that are not a JSON object; the file was changed"
                    + " by another program or is damaged");
        }
        return (Map<String, Object>) value;
    }

    private static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                gen.writeNumber(d);
            } else {
                gen.writeStartObject();
                gen.writeStringField(DOUBLE, d.toString());
                gen.writeEndObject();
            }
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Instant instant) {
            gen.writeStartObject();
            gen.writeStringField(INSTANT, instant.toString());
            gen.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                gen.writeFieldName(key.startsWith("$") ? "$" + key : key);
                write(gen, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                write(gen, element);
            }
            gen.writeEndArray();
        } else {
            throw new IOException("a " + value.getClass().getName() + " is not a value a store keeps");
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("empty text");
        }
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(read(parser, next));
                }
                return list;
            case START_OBJECT:
                return readObject(parser);
            default:
                throw new IOException("unexpected " + token);
        }
    }

    private static Object readObject(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (key.startsWith("$$")) {
                map.put(key.substring(1), read(parser, valueToken));
            } else if (key.startsWith("$") && map.isEmpty()) {
                String text = parser.getText();
                if (parser.nextToken() != JsonToken.END_OBJECT) {
                    throw new IOException("a tag object has more than one field");
                }
                return tagged(key, text);
            } else if (key.startsWith("$")) {
                throw new IOException("unknown tag " + key);
            } else {
                map.put(key, read(parser, valueToken));
            }
        }
        return map;
    }

    private static Object tagged(String tag, String text) throws IOException {
        try {
            if (INSTANT.equals(tag)) {
                return Instant.parse(text);
            }
            if (DOUBLE.equals(tag)) {
                return Double.valueOf(text);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException("bad " + tag + " value " + text, e);
        }
        throw new IOException("unknown tag " + tag);
    }
}

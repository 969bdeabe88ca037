package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one item object of a list answer from the stream straight into a row ({@link PageItem}), without a JSON
 * tree per item. A plain value of the expected kind (text for a text or date column, a boolean, a number that fits
 * a long or a double) is converted as it is read; anything else (objects, lists, a value of the wrong kind, a
 * number too large) is read as a tree and converted by {@link RowMapper}, so each value becomes exactly what it
 * became from a whole-item tree, and a value that does not fit fails with the same words.
 */
final class ItemReader {

    private final Map<String, String> localNames;
    private final Function<String, ColumnType> types;
    /**
     * The fields of the item read before, by their place in it: the wire name as the parser handed it out, its local
     * name and its column's type. The parser hands out one instance per field name, and a page's items send their
     * fields in one order, so a field is usually matched to its column by reference, without a lookup by name.
     */
    private String[] wireAt = new String[16];
    private String[] nameAt = new String[16];
    private ColumnType[] typeAt = new ColumnType[16];

    /** {@code localNames}: wire names that have another local name; {@code types}: a column's type, or null. */
    ItemReader(Map<String, String> localNames, Function<String, ColumnType> types) {
        this.localNames = localNames;
        this.types = types;
    }

    /** Reads the object whose START_OBJECT is the current token, up to and including its END_OBJECT. */
    PageItem read(JsonParser parser) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        JsonNode id = null;
        JsonNode version = null;
        JsonNode deleted = null;
        JsonNode updatedAt = null;
        // by field, so that a field sent twice is judged by its last value, as a tree would keep it
        Map<String, IllegalArgumentException> failures = null;
        Instant rowUpdatedAt = null;
        Instant earliest = null;
        Instant latest = null;
        String wire;
        for (int place = 0; (wire = parser.nextFieldName()) != null; place++) {
            if (place == wireAt.length) {
                wireAt = Arrays.copyOf(wireAt, place * 2);
                nameAt = Arrays.copyOf(nameAt, place * 2);
                typeAt = Arrays.copyOf(typeAt, place * 2);
            }
            if (wireAt[place] != wire) {
                wireAt[place] = wire;
                nameAt[place] = localNames.isEmpty() ? wire : localNames.getOrDefault(wire, wire);
                typeAt[place] = types.apply(nameAt[place]);
            }
            String name = nameAt[place];
            ColumnType type = typeAt[place];
            JsonToken token = parser.nextToken();
            Object value;
            try {
                switch (name) {
                    case SystemColumns.ID -> {
                        id = node(parser, token);
                        value = RowMapper.value(name, id, type);
                    }
                    case SystemColumns.VERSION -> {
                        version = node(parser, token);
                        value = RowMapper.value(name, version, type);
                    }
                    case SystemColumns.UPDATED_AT -> {
                        updatedAt = node(parser, token);
                        rowUpdatedAt = null;
                        value = RowMapper.value(name, updatedAt, type);
                        if (value instanceof Instant date) {
                            rowUpdatedAt = date;
                        }
                    }
                    case SystemColumns.DELETED -> {
                        // a flag for the engine, never a column of the row
                        deleted = node(parser, token);
                        row.remove(name);
                        if (failures != null) {
                            failures.remove(name);
                        }
                        continue;
                    }
                    default -> value = value(parser, token, name, type);
                }
            } catch (IllegalArgumentException e) {
                if (failures == null) {
                    failures = new LinkedHashMap<>();
                }
                failures.put(name, e);
                row.remove(name);
                continue;
            }
            if (value instanceof Instant date) {
                earliest = earliest == null || date.isBefore(earliest) ? date : earliest;
                latest = latest == null || date.isAfter(latest) ? date : latest;
            }
            row.put(name, value);
            if (failures != null) {
                failures.remove(name);
            }
        }
        IllegalArgumentException failure = failures == null || failures.isEmpty() ? null
                : failures.values().iterator().next();
        return new PageItem(row, id, version, deleted, updatedAt, failure,
                new PageItem.Dates(rowUpdatedAt, earliest, latest));
    }

    private static Object value(JsonParser parser, JsonToken token, String name, ColumnType type) throws IOException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                if (type == null || type == ColumnType.STRING || type == ColumnType.JSON) {
                    return parser.getText();
                }
                if (type == ColumnType.DATE) {
                    return RowMapper.date(name, parser.getText());
                }
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                if (type == null || type == ColumnType.BOOLEAN || type == ColumnType.JSON) {
                    return token == JsonToken.VALUE_TRUE;
                }
                break;
            case VALUE_NUMBER_INT:
                JsonParser.NumberType size = parser.getNumberType();
                if (size == JsonParser.NumberType.INT || size == JsonParser.NumberType.LONG) {
                    if (type == null || type == ColumnType.INTEGER || type == ColumnType.JSON) {
                        return parser.getLongValue();
                    }
                    if (type == ColumnType.REAL) {
                        return (double) parser.getLongValue();
                    }
                }
                break;
            case VALUE_NUMBER_FLOAT:
                if (type == null || type == ColumnType.REAL || type == ColumnType.JSON) {
                    return parser.getDoubleValue();
                }
                break;
            default:
                break;
        }
        return RowMapper.value(name, parser.readValueAsTree(), type);
    }

    /** A system field's value as sent: text and flags without a tree, anything else as one. */
    private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> parser.readValueAsTree();
        };
    }
}

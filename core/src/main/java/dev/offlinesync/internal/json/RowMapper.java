package dev.offlinesync.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON items and store rows (maps of SPI value types), using a table's column types. Fields
 * the definition does not name keep their JSON type (string, long, double, boolean, map, list).
 */
public final class RowMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowMapper() {
    }

    /**
     * A row from a JSON item.
     *
     * @throws IllegalArgumentException naming the field when a value does not fit its column's type
     */
    public static Map<String, Object> toRow(ObjectNode item, TableDefinition definition) {
        Map<String, Object> row = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ColumnType type = definition.typeOf(field.getKey());
            row.put(field.getKey(), value(field.getKey(), field.getValue(), type));
        }
        return row;
    }

    /** A JSON item from a row; dates become ISO strings with milliseconds. */
    public static ObjectNode toJson(Map<String, Object> row) {
        ObjectNode item = NODES.objectNode();
        row.forEach((name, value) -> item.set(name, node(value)));
        return item;
    }

    /** The JSON form of one SPI value. */
    public static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof String s) {
            return NODES.textNode(s);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i.longValue());
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Instant i) {
            return NODES.textNode(Dates.format(i));
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), node(v)));
            return object;
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(node(v)));
            return array;
        }
        throw new IllegalArgumentException("a store returned a value of unsupported type " + value.getClass().getName());
    }

    /**
     * The row value of one JSON field: of its column's type, or, for a field the definition does not name
     * ({@code type} null), of its JSON type.
     *
     * @throws IllegalArgumentException naming the field when the value does not fit its column's type
     */
    public static Object value(String name, JsonNode value, ColumnType type) {
        return type == null ? inferred(value) : typed(name, value, type);
    }

    private static Object typed(String name, JsonNode value, ColumnType type) {
        if (value == null || value.isNull()) {
            return null;
        }
        switch (type) {
            case STRING:
                if (value.isTextual()) {
                    return value.textValue();
                }
                break;
            case INTEGER:
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return value.longValue();
                }
                if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                        && value.canConvertToLong()) {
                    return value.longValue();
                }
                break;
            case REAL:
                if (value.isNumber()) {
                    return value.doubleValue();
                }
                break;
            case BOOLEAN:
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                break;
            case DATE:
                if (value.isTextual()) {
                    return date(name, value.textValue());
                }
                break;
            case JSON:
                return inferred(value);
            default:
                break;
        }
        throw new IllegalArgumentException("field '" + name + "' must be " + type + " but is a JSON "
                + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Object inferred(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        } else if (value.isTextual()) {
            return value.textValue();
        } else if (value.isBoolean()) {
            return value.booleanValue();
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        } else if (value.isNumber()) {
            return value.doubleValue();
        } else if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> map.put(e.getKey(), inferred(e.getValue())));
            return map;
        } else if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(inferred(v)));
            return list;
        }
        return value.asText();
    }

    /**
     * A pulled date field's value as a local date.
     *
     * @param name the field, named in the error
     * @param text the text the server sent
     * @return the instant it stands for
     * @throws IllegalArgumentException naming the field when the text is not a date
     */
    public static Instant date(String name, String text) {
        try {
            return Dates.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "' must be a date: " + e.getMessage(), e);
        }
    }
}

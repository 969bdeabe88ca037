package dev.offlinesync.store.memory;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checking and deep copying of rows on their way into and out of a {@link MemoryStore}. */
final class Rows {

    private Rows() {
    }

    /** Checks a row against the definition and copies it deeply; throws before anything is written. */
    static Map<String, Object> copyIn(TableDefinition definition, Map<String, Object> row) {
        return copyIn(definition, row, null, null);
    }

    /**
     * {@link #copyIn(TableDefinition, Map)} of the row with {@code column} set to {@code value} (in its place when the
     * row has the field, else last): one copy, the caller's row left as it is.
     */
    static Map<String, Object> copyIn(TableDefinition definition, Map<String, Object> row, String column,
                                      Object value) {
        if (row == null) {
            throw new StoreException("cannot upsert a null row into table " + definition.name());
        }
        if (!(row.get(TableDefinition.ID) instanceof String)) {
            Object id = row.get(TableDefinition.ID);
            throw new StoreException("every row upserted into table " + definition.name() + " needs a String 'id', got "
                    + (id == null ? "none" : "a " + id.getClass().getName()));
        }
        Map<String, Object> copy = new LinkedHashMap<>(capacity(row.size() + 1)); // + the field set here
        for (Map.Entry<String, Object> field : row.entrySet()) {
            String name = field.getKey();
            if (name == null) {
                throw new StoreException("row '" + row.get(TableDefinition.ID) + "' of table " + definition.name()
                        + " has a null field name");
            }
            copy.put(name, checked(definition, name, name.equals(column) ? value : field.getValue()));
        }
        if (column != null && !copy.containsKey(column)) {
            copy.put(column, checked(definition, column, value));
        }
        return copy;
    }

    /** A copy of a field's value, after checking it against the column's type when the definition names one. */
    private static Object checked(TableDefinition definition, String column, Object value) {
        ColumnType type = definition.typeOf(column);
        if (type != null && value != null && !type.accepts(value)) {
            throw new StoreException("column '" + column + "' of table " + definition.name() + " is " + type
                    + " and needs a " + type.javaType() + ", got a " + value.getClass().getName());
        }
        return copyValue(value, definition.name(), column);
    }

    /** Copies a value of the allowed types, deeply for JSON maps and lists; fails on any other type. */
    private static Object copyValue(Object value, String table, String column) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(capacity(map.size()));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new StoreException("field '" + column + "' of table " + table + " holds a JSON object with a "
                            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                            + " key; JSON object keys must be Strings");
                }
                copy.put(key, copyValue(entry.getValue(), table, column));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element, table, column));
            }
            return copy;
        }
        throw new StoreException("field '" + column + "' of table " + table + " holds a " + value.getClass().getName()
                + "; a store holds only String, Long, Double, Boolean, java.time.Instant, Map, List or null");
    }

    /** A copy of a stored row for a caller: every defined column (null when unset), then the other fields. */
    static Map<String, Object> copyOut(TableDefinition definition, Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(capacity(Math.max(row.size(), definition.columns().size())));
        for (String column : definition.columns().keySet()) {
            copy.put(column, copyStored(row.get(column)));
        }
        for (Map.Entry<String, Object> field : row.entrySet()) {
            if (!copy.containsKey(field.getKey())) {
                copy.put(field.getKey(), copyStored(field.getValue()));
            }
        }
        return copy;
    }

    static Map<String, Object> project(Map<String, Object> row, List<String> columns) {
        Map<String, Object> copy = new LinkedHashMap<>(capacity(columns.size()));
        for (String column : columns) {
            copy.put(column, copyStored(row.get(column)));
        }
        return copy;
    }

    /** Copies a value that was checked on the way in: only maps and lists need a fresh copy. */
    private static Object copyStored(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(capacity(map.size()));
            map.forEach((key, element) -> copy.put((String) key, copyStored(element)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copyStored(element)));
            return copy;
        }
        return value;
    }

    /** The initial capacity of a hash map that holds {@code entries} without rehashing as it is filled. */
    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}

package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.protocol.SystemColumns;

/** How a table turns its items into JSON and back; what the typed conflict views need of their table. */
interface TypedItems<T> {

    ObjectNode toJson(T item);

    T fromJson(ObjectNode item);

    /** The item, or {@code null} for none. */
    default T fromJsonOrNull(ObjectNode item) {
        return item == null ? null : fromJson(item);
    }

    /**
     * {@code base} with the values of {@code merged} written over it, except the id and the columns the server
     * keeps, so that a merged item never carries a stale version or timestamp.
     */
    static ObjectNode overlay(ObjectNode base, ObjectNode merged) {
        ObjectNode result = base == null ? merged.objectNode() : base.deepCopy();
        merged.fields().forEachRemaining(field -> {
            if (!SERVER_COLUMNS.contains(field.getKey())) {
                result.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return result;
    }

    /** The id and the system columns the server sets. */
    java.util.Set<String> SERVER_COLUMNS = java.util.Set.of(SystemColumns.ID, SystemColumns.VERSION,
            SystemColumns.CREATED_AT, SystemColumns.UPDATED_AT, SystemColumns.DELETED);
}

package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The rows of one table and the server's rules for changing them. Every method is atomic (synchronized) and
 * reads the clock inside the lock, so timestamps follow commit order as in the server's database; rows are
 * immutable, so a {@link #snapshot()} can be read without the lock.
 */
final class FakeTable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String name;
    private final boolean softDelete;
    private final RowFormat format;
    private final LinkedHashMap<String, Row> rows = new LinkedHashMap<>();
    /** The last version handed out, for a format of table-wide row versions. */
    private long rowVersion = RowFormat.ROW_VERSION_START;
    /** User columns in first-seen order; replaced, never mutated, so snapshots can share it. */
    private List<String> columns = List.of();

    FakeTable(String name, boolean softDelete, RowFormat format) {
        this.name = name;
        this.softDelete = softDelete;
        this.format = format;
    }

    RowFormat format() {
        return format;
    }

    String name() {
        return name;
    }

    boolean softDelete() {
        return softDelete;
    }

    /**
     * One stored row: user fields (JSON scalars, never mutated) and system columns. {@link #values()} is the
     * row as SPI Java types for filtering and ordering.
     */
    record Row(RowFormat format, String id, ObjectNode fields, Instant createdAt, Instant updatedAt, long counter,
               boolean deleted, Map<String, Object> values) {

        static Row of(RowFormat format, String id, ObjectNode fields, Instant createdAt, Instant updatedAt,
                      long counter, boolean deleted) {
            Map<String, Object> values = new HashMap<>();
            fields.fields().forEachRemaining(e -> {
                Object value = spiValue(e.getValue());
                if (value != null) {
                    values.put(e.getKey(), value);
                }
            });
            values.put("id", id);
            if (format.createdAt() != null) {
                values.put(format.createdAt(), createdAt);
            }
            values.put(format.updatedAt(), updatedAt);
            values.put(format.version(), format.version(counter));
            values.put(format.deleted(), deleted);
            return new Row(format, id, fields, createdAt, updatedAt, counter, deleted,
                    Collections.unmodifiableMap(values));
        }

        String version() {
            return format.version(counter);
        }

        Row changed(ObjectNode newFields, Instant now, boolean nowDeleted, long newCounter) {
            return of(format, id, newFields, createdAt, now, newCounter, nowDeleted);
        }

        /** The item as the server writes it: every known user column (null when unset), then the system ones. */
        ObjectNode toJson(List<String> userColumns) {
            ObjectNode item = WireFormat.MAPPER.createObjectNode();
            for (String column : userColumns) {
                JsonNode value = fields.get(column);
                item.set(column, value == null ? item.nullNode() : value.deepCopy());
            }
            item.put("id", id);
            if (format.createdAt() != null) {
                item.put(format.createdAt(), WireFormat.formatInstant(createdAt));
            }
            item.put(format.updatedAt(), WireFormat.formatInstant(updatedAt));
            item.put(format.version(), version());
            item.put(format.deleted(), deleted);
            return item;
        }
    }

    /** A consistent view of the table for a read. */
    record Snapshot(List<Row> rows, List<String> columns, boolean softDelete) {
    }

    /** What an operation answers: HTTP status, body and (for single items) the strong ETag. */
    record Result(int status, JsonNode body, String etag) {
        static Result error(int status, String message) {
            return new Result(status, WireFormat.error(message), null);
        }

        static Result notFound() {
            return error(404, "The item does not exist");
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(new ArrayList<>(rows.values()), columns, softDelete);
    }

    /** The row with this id as the server writes it, soft-deleted or not. */
    synchronized Optional<ObjectNode> item(String id) {
        Row row = rows.get(id);
        return row == null ? Optional.empty() : Optional.of(json(row));
    }

    /** All rows in insertion order as the server writes them; deleted ones only if asked. */
    synchronized List<ObjectNode> items(boolean includeDeleted) {
        List<ObjectNode> items = new ArrayList<>();
        for (Row row : rows.values()) {
            if (includeDeleted || !row.deleted()) {
                items.add(json(row));
            }
        }
        return items;
    }

    synchronized Row row(String id) {
        return rows.get(id);
    }

    synchronized List<String> columns() {
        return columns;
    }

    synchronized Result insert(ObjectNode body, Supplier<Instant> clock) {
        Result invalid = validate(body);
        if (invalid != null) {
            return invalid;
        }
        JsonNode idNode = body.get("id");
        String id;
        if (idNode == null || idNode.isNull() || (idNode.isTextual() && idNode.asText().isEmpty())) {
            id = format.newId();
        } else if (idNode.isTextual()) {
            id = idNode.asText();
        } else {
            return Result.error(400, "The item id must be a string");
        }
        if (rows.containsKey(id)) {
            ObjectNode echo = body.deepCopy();
            echo.put("id", id);
            return new Result(409, echo, null);
        }
        ObjectNode fields = userFields(body, WireFormat.MAPPER.createObjectNode());
        Instant now = clock.get();
        Row row = Row.of(format, id, fields, now, now, nextCounter(null), false);
        rows.put(id, row);
        return itemResult(201, row);
    }

    synchronized Result read(String id) {
        Row row = rows.get(id);
        return row == null || row.deleted() ? Result.notFound() : itemResult(200, row);
    }

    /** PATCH: merge the body's fields; If-Match (412) wins over a version in the body (409). */
    synchronized Result update(String id, ObjectNode body, String ifMatchVersion, Supplier<Instant> clock) {
        Result invalid = validate(body);
        if (invalid != null) {
            return invalid;
        }
        JsonNode bodyId = body.get("id");
        if (bodyId != null && !bodyId.isNull() && !bodyId.asText().equals(id)) {
            return Result.error(400, "The id in the body ('" + bodyId.asText() + "') does not match the id in the"
                    + " URL ('" + id + "')");
        }
        Row row = rows.get(id);
        if (row == null || row.deleted()) {
            return Result.notFound();
        }
        Result conflict = checkVersion(row, ifMatchVersion, body.get(format.version()));
        if (conflict != null) {
            return conflict;
        }
        Row updated = row.changed(userFields(body, row.fields().deepCopy()), clock.get(), false, nextCounter(row));
        rows.put(id, updated);
        return itemResult(200, updated);
    }

    synchronized Result delete(String id, String ifMatchVersion, Supplier<Instant> clock) {
        Row row = rows.get(id);
        if (row == null || row.deleted()) {
            return Result.notFound();
        }
        Result conflict = checkVersion(row, ifMatchVersion, null);
        if (conflict != null) {
            return conflict;
        }
        if (!softDelete) {
            rows.remove(id);
            return itemResult(200, row);
        }
        Row deleted = row.changed(row.fields(), clock.get(), true, nextCounter(row));
        rows.put(id, deleted);
        return itemResult(200, deleted);
    }

    /** POST /tables/T/id: clears the deleted flag (of a live row too, as the server does) and bumps the version. */
    synchronized Result undelete(String id, String ifMatchVersion, Supplier<Instant> clock) {
        Row row = rows.get(id);
        if (row == null) {
            return Result.notFound();
        }
        Result conflict = checkVersion(row, ifMatchVersion, null);
        if (conflict != null) {
            return conflict;
        }
        Row undeleted = row.changed(row.fields(), clock.get(), false, nextCounter(row));
        rows.put(id, undeleted);
        return itemResult(201, undeleted);
    }

    /** Sets updatedAt of existing rows without touching their versions; all ids are checked first. */
    synchronized void setUpdatedAt(Collection<String> ids, Instant updatedAt) {
        for (String id : ids) {
            if (!rows.containsKey(id)) {
                throw new IllegalArgumentException("No item '" + id + "' in table " + name);
            }
        }
        for (String id : ids) {
            Row row = rows.get(id);
            rows.put(id, Row.of(format, id, row.fields(), row.createdAt(), updatedAt, row.counter(), row.deleted()));
        }
    }

    /**
     * Stores a new state of a row (a new one when {@code previous} is null): the given user fields, a new
     * version and {@code updatedAt} from the clock, read under the table's lock. For the wire rules of other
     * server families, which check and write under {@code synchronized (table)}.
     */
    synchronized Row write(Row previous, String id, ObjectNode fields, boolean deleted, Supplier<Instant> clock) {
        Instant now = clock.get();
        Row row = previous == null
                ? Row.of(format, id, fields, now, now, nextCounter(null), deleted)
                : previous.changed(fields, now, deleted, nextCounter(previous));
        rows.put(id, row);
        return row;
    }

    synchronized void remove(String id) {
        rows.remove(id);
    }

    /** The next version counter: per row from 1, or the table's row-version sequence. */
    private long nextCounter(Row previous) {
        if (format.rowVersion()) {
            return ++rowVersion;
        }
        return previous == null ? 1 : previous.counter() + 1;
    }

    private Result checkVersion(Row row, String ifMatchVersion, JsonNode bodyVersion) {
        if (ifMatchVersion != null) {
            return ifMatchVersion.equals(row.version()) ? null : new Result(412, json(row), etag(row));
        }
        if (bodyVersion != null && !bodyVersion.isNull() && !bodyVersion.asText().isEmpty()
                && !bodyVersion.asText().equals(row.version())) {
            return new Result(409, json(row), etag(row));
        }
        return null;
    }

    /** The server's checks, in its order: reserved properties (400), then unsupported values (500). */
    private Result validate(ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (format.isSystemName(field) && !field.equals(format.version())) {
                return Result.error(400, "Cannot update item with property '" + field + "' as it is reserved");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                return Result.error(500, "Unsupported type: Array");
            }
            if (e.getValue().isObject()) {
                return Result.error(500, "Unsupported type: Object");
            }
            if (!IDENTIFIER.matcher(e.getKey()).matches()) {
                return Result.error(500, e.getKey() + " is not a valid identifier. Identifiers must be under 128"
                        + " characters in length, start with a letter or underscore, and can contain only"
                        + " alpha-numeric and underscore characters.");
            }
        }
        return null;
    }

    /** Copies the body's user fields (not id or a system column) into {@code target}, adding new columns. */
    synchronized ObjectNode userFields(ObjectNode body, ObjectNode target) {
        List<String> added = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (field.equals("id") || format.isSystemName(field)) {
                continue;
            }
            target.set(field, e.getValue().deepCopy());
            if (!e.getValue().isNull() && !columns.contains(field)) {
                added = added == null ? new ArrayList<>(columns) : added;
                if (!added.contains(field)) {
                    added.add(field);
                }
            }
        }
        if (added != null) {
            columns = List.copyOf(added);
        }
        return target;
    }

    private Result itemResult(int status, Row row) {
        return new Result(status, json(row), etag(row));
    }

    synchronized ObjectNode json(Row row) {
        return row.toJson(columns);
    }

    private static String etag(Row row) {
        return WireFormat.strongEtag(row.version());
    }

    /** A JSON scalar as the SPI Java type: String, Long, Double or Boolean; null for null. */
    static Object spiValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.toString();
    }

    /** The body of a successful direct operation; a failed one as the exception the direct helpers throw. */
    ObjectNode orThrow(String id, Result result) {
        if (result.ok()) {
            return (ObjectNode) result.body();
        }
        String error = result.body().path("error").asText("");
        switch (result.status()) {
            case 404 -> throw new NoSuchElementException("No live item '" + id + "' in table " + name);
            case 409 -> throw new IllegalStateException("An item with id '" + result.body().path("id").asText()
                    + "' already exists in table " + name);
            default -> throw new IllegalArgumentException("The service rejects this item for table " + name
                    + " (HTTP " + result.status() + "): " + error);
        }
    }
}

package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One item of a list answer, read straight into a row in local column names: each value of its column's type, or
 * of its JSON type for a field the table does not define. The system fields the engine checks are kept as the
 * server sent them, so that a bad one can be named as it was; nothing here is checked yet.
 *
 * @param row       the item's fields as row values, without {@code deleted} and without the fields in
 *                  {@code failure}
 * @param id        the {@code id} as sent, or {@code null} when missing
 * @param version   the {@code version} as sent, or {@code null} when missing
 * @param deleted   the {@code deleted} flag as sent, or {@code null} when missing
 * @param updatedAt the {@code updatedAt} as sent, or {@code null} when missing
 * @param failure   why the first field that does not fit its column's type does not (its name and what it is), or
 *                  {@code null} when every field fits
 * @param dates     the row's {@code updatedAt} as read into it ({@code null} when the row holds none that is a date),
 *                  and the earliest and latest date value read for any field (also of values a later one of the
 *                  same name replaced), so that a page is checked for dates a store cannot keep without walking
 *                  every row
 */
public record PageItem(Map<String, Object> row, JsonNode id, JsonNode version, JsonNode deleted, JsonNode updatedAt,
                       IllegalArgumentException failure, Dates dates) {

    /** The dates of one item, as described for {@link PageItem}; each {@code null} when there is none. */
    public record Dates(Instant updatedAt, Instant earliest, Instant latest) {
    }
}

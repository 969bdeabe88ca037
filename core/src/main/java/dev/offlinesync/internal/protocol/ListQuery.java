package dev.offlinesync.internal.protocol;

import dev.offlinesync.spi.Predicate;
import java.util.List;

/**
 * A list request as the engine wants it, in local column names; the protocol renders it in its own words.
 *
 * @param filter         the rows wanted, or {@code null} for all
 * @param orderBy        the columns to order by, ascending, in this order
 * @param top            the most rows wanted in the answer
 * @param count          whether to ask for the total count of the filtered rows
 * @param includeDeleted whether soft-deleted rows are wanted too
 */
public record ListQuery(Predicate filter, List<String> orderBy, int top, boolean count, boolean includeDeleted) {

    public ListQuery {
        orderBy = List.copyOf(orderBy);
    }

    /** One row of anything: whether the server answers at all. */
    public static ListQuery probe() {
        return new ListQuery(null, List.of(), 1, false, false);
    }
}

package dev.offlinesync;

import java.util.List;

/**
 * Items read from a local table, and the number of items that match the query's filter ignoring skip and top
 * ({@code -1} unless {@link Query#includeTotalCount()} was asked).
 */
public record QueryResult<T>(List<T> items, long totalCount) {
    /**
     * Copies the items.
     *
     * @param items      the items read
     * @param totalCount the number of matching items ignoring skip and top, or {@code -1}
     */
    public QueryResult {
        items = List.copyOf(items);
    }
}

package dev.offlinesync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A read of one table: filter ({@code null} for all rows), ordering (rows with equal keys come in an order the
 * store chooses, so callers who page add {@code id}), {@code skip} then {@code top} ({@code -1} for no limit),
 * a projection ({@code select}; empty for every column, otherwise exactly these columns) and whether to
 * count all matching rows ignoring skip and top.
 */
public record StoreQuery(String table, Predicate where, List<SortOrder> orderBy, long skip, long top,
                         List<String> select, boolean includeTotalCount) {

    /**
     * Checks the names and the paging values.
     *
     * @param table             the table
     * @param where             the filter, or {@code null} for all rows
     * @param orderBy           the orderings, first the one that decides first
     * @param skip              how many rows to skip, 0 or more
     * @param top               the most rows to return, or {@code -1} for no limit
     * @param select            the columns to return; empty for all
     * @param includeTotalCount whether to count all matching rows, ignoring skip and top
     * @throws IllegalArgumentException when a name is not a valid identifier or skip or top is out of range
     */
    public StoreQuery {
        TableDefinition.requireIdentifier(table, "table name");
        orderBy = List.copyOf(orderBy);
        select = List.copyOf(select);
        select.forEach(column -> TableDefinition.requireIdentifier(column, "column name"));
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, was " + skip);
        }
        if (top < -1) {
            throw new IllegalArgumentException("top must be >= 0 or -1 for no limit, was " + top);
        }
    }

    /**
     * Every row of a table, in no particular order.
     *
     * @param table the table
     * @return the query
     */
    public static StoreQuery all(String table) {
        return new StoreQuery(table, null, List.of(), 0, -1, List.of(), false);
    }

    /**
     * The rows of a table that match a filter, in no particular order.
     *
     * @param table the table
     * @param where the filter
     * @return the query
     */
    public static StoreQuery where(String table, Predicate where) {
        return new StoreQuery(table, where, List.of(), 0, -1, List.of(), false);
    }

    /**
     * This query with another ordering.
     *
     * @param orders the orderings, first the one that decides first
     * @return a new query
     */
    public StoreQuery withOrderBy(List<SortOrder> orders) {
        return new StoreQuery(table, where, orders, skip, top, select, includeTotalCount);
    }

    /**
     * This query with another row limit.
     *
     * @param newTop the most rows to return, or {@code -1} for no limit
     * @return a new query
     */
    public StoreQuery withTop(long newTop) {
        return new StoreQuery(table, where, orderBy, skip, newTop, select, includeTotalCount);
    }

    /**
     * This query with another selection.
     *
     * @param columns the columns to return; empty for all
     * @return a new query
     */
    public StoreQuery withSelect(List<String> columns) {
        return new StoreQuery(table, where, orderBy, skip, top, Objects.requireNonNull(columns), includeTotalCount);
    }
}

package dev.offlinesync;

import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.TableDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable query over a table: a {@link Filter}, an ordering, skip and top, a projection and whether to
 * count. Every method returns a new query.
 *
 * <pre>{@code
 * Query open = Query.all().where(Filter.eq("complete", false)).orderBy("text").top(50);
 * }</pre>
 *
 * <p>Read locally with {@link SyncTable#read(Query)}; pull with {@link SyncTable#pull(Query, String)}, which
 * uses the filter (and {@code top} as a maximum) and orders and pages by itself.
 */
public final class Query {

    private static final Query ALL = new Query(null, List.of(), 0, -1, List.of(), false);

    private final Filter filter;
    private final List<SortOrder> orderBy;
    private final long skip;
    private final long top;
    private final List<String> select;
    private final boolean includeTotalCount;

    private Query(Filter filter, List<SortOrder> orderBy, long skip, long top, List<String> select,
                  boolean includeTotalCount) {
        this.filter = filter;
        this.orderBy = List.copyOf(orderBy);
        this.skip = skip;
        this.top = top;
        this.select = List.copyOf(select);
        this.includeTotalCount = includeTotalCount;
    }

    /**
     * {@return every item, in no particular order}
     */
    public static Query all() {
        return ALL;
    }

    /**
     * Adds a filter (combined with {@code and} when the query has one already).
     *
     * @param condition the filter
     * @return a new query
     */
    public Query where(Filter condition) {
        Filter combined = filter == null ? condition : filter.and(condition);
        return new Query(combined, orderBy, skip, top, select, includeTotalCount);
    }

    /**
     * Orders by a field ascending (nulls first), after any earlier ordering.
     *
     * @param field the item's field
     * @return a new query
     */
    public Query orderBy(String field) {
        return order(field, true);
    }

    /**
     * Orders by a field descending (nulls last), after any earlier ordering.
     *
     * @param field the item's field
     * @return a new query
     */
    public Query orderByDescending(String field) {
        return order(field, false);
    }

    /**
     * Skips the first {@code count} items.
     *
     * @param count how many items to skip, 0 or more
     * @return a new query
     */
    public Query skip(long count) {
        if (count < 0) {
            throw new InvalidItemException("skip must be >= 0, was " + count);
        }
        return new Query(filter, orderBy, count, top, select, includeTotalCount);
    }

    /**
     * Returns at most {@code count} items.
     *
     * @param count the most items to return, 0 or more
     * @return a new query
     */
    public Query top(long count) {
        if (count < 0) {
            throw new InvalidItemException("top must be >= 0, was " + count);
        }
        return new Query(filter, orderBy, skip, count, select, includeTotalCount);
    }

    /**
     * Returns only these fields (and {@code id}) of each item.
     *
     * @param fields the fields to return
     * @return a new query
     */
    public Query select(String... fields) {
        List<String> columns = new ArrayList<>(List.of(TableDefinition.ID));
        for (String field : fields) {
            checkField(field);
            if (!columns.contains(field)) {
                columns.add(field);
            }
        }
        return new Query(filter, orderBy, skip, top, columns, includeTotalCount);
    }

    /**
     * Also counts every item the filter matches, ignoring skip and top.
     *
     * @return a new query
     */
    public Query includeTotalCount() {
        return new Query(filter, orderBy, skip, top, select, true);
    }

    /**
     * {@return the filter, or {@code null} for all items}
     */
    public Filter filter() {
        return filter;
    }

    /**
     * {@return the orderings, first the one that decides first; empty for none}
     */
    public List<SortOrder> orderings() {
        return orderBy;
    }

    /**
     * {@return how many items are skipped}
     */
    public long skipCount() {
        return skip;
    }

    /**
     * {@return the maximum number of items, or {@code -1} for no limit}
     */
    public long topCount() {
        return top;
    }

    /**
     * {@return the selected fields; empty for all}
     */
    public List<String> selectedFields() {
        return select;
    }

    /**
     * {@return whether the total count of matching items is asked for}
     */
    public boolean countsTotal() {
        return includeTotalCount;
    }

    @Override
    public String toString() {
        return "Query[filter=" + filter + ", orderBy=" + orderBy + ", skip=" + skip + ", top=" + top
                + ", select=" + select + ", includeTotalCount=" + includeTotalCount + "]";
    }

    private Query order(String field, boolean ascending) {
        List<SortOrder> orders = new ArrayList<>(orderBy);
        orders.add(new SortOrder(checkField(field), ascending));
        return new Query(filter, orders, skip, top, select, includeTotalCount);
    }

    private static String checkField(String field) {
        try {
            return TableDefinition.requireIdentifier(field, "field name");
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(e.getMessage() + " (in " + Arrays.asList(field) + ")", e);
        }
    }
}

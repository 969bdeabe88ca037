package dev.offlinesync.testkit;

import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.offlinesync.testkit.Fixtures.ids;
import static dev.offlinesync.testkit.Fixtures.withoutNulls;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every contract group needs: the store under test and short ways to write and read it. Implemented by
 * {@link StoreContractTest}.
 */
interface StoreFixture {

    /** {@return the fresh store of the running test} */
    SyncContextDataSource store();

    /**
     * Defines the {@code todo} table the tests share.
     */
    default void defineTodo() {
        store().defineTable(Fixtures.TODO_TABLE);
    }

    /**
     * Writes one row (an upsert).
     *
     * @param table the table
     * @param row   the row, with its id
     */
    default void save(String table, Map<String, Object> row) {
        store().upsert(table, List.of(row));
    }

    /**
     * Writes rows in one upsert.
     *
     * @param table the table
     * @param rows  the rows, each with its id
     */
    default void save(String table, List<Map<String, Object>> rows) {
        store().upsert(table, rows);
    }

    /**
     * The stored row with this id; fails the test when there is none.
     *
     * @param table the table
     * @param id    the row's id
     * @return the row
     */
    default Map<String, Object> get(String table, String id) {
        var row = store().lookup(table, id);
        assertTrue(row.isPresent(), () -> "expected a row '" + id + "' in table " + table);
        return row.get();
    }

    /**
     * The stored row without its null fields, for comparing with what was written.
     *
     * @param table the table
     * @param id    the row's id
     * @return the row's non-null fields
     */
    default Map<String, Object> stored(String table, String id) {
        return withoutNulls(get(table, id));
    }

    /**
     * The ids of the rows that match, sorted (the query itself has no order).
     *
     * @param table the table
     * @param where the filter
     * @return the ids
     */
    default List<String> idsWhere(String table, Predicate where) {
        List<String> ids = new ArrayList<>(ids(store().read(StoreQuery.where(table, where))));
        Collections.sort(ids);
        return ids;
    }

    /**
     * The ids of every row, in the order the sort orders give.
     *
     * @param table  the table
     * @param orders the ordering
     * @return the ids
     */
    default List<String> idsOrderedBy(String table, SortOrder... orders) {
        return ids(store().read(StoreQuery.all(table).withOrderBy(List.of(orders))));
    }

    /**
     * Every row of a table ordered by id, for before/after comparisons.
     *
     * @param table the table
     * @return the rows
     */
    default List<Map<String, Object>> snapshot(String table) {
        return store().read(StoreQuery.all(table).withOrderBy(List.of(SortOrder.asc(TableDefinition.ID)))).rows();
    }
}

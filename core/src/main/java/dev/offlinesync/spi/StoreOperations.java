package dev.offlinesync.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes on the tables of a store. A row is a {@code Map} from column name to a value of one of the
 * {@link ColumnType} Java types or {@code null}; it always holds {@code id}. Maps returned are the caller's to
 * keep and change; maps passed in are not kept by the store.
 *
 * <p>Every method fails with {@link dev.offlinesync.spi.StoreException} when the store cannot do it (I/O error,
 * closed store, a value of the wrong type for a column, a table that was never defined), with a message that
 * says what happened.
 *
 * <p>Every method blocks while the store reads or writes. The operations a {@link SyncContextDataSource#transaction}
 * hands to its work belong to that transaction: use them on the thread running the work, and only until it returns.
 */
public interface StoreOperations {

    /**
     * The row with this id, or empty.
     *
     * @param table the table
     * @param id    the row's id
     * @return the row, or empty
     */
    Optional<Map<String, Object>> lookup(String table, String id);

    /**
     * The rows a query selects.
     *
     * @param query the table, filter, order, paging and selection
     * @return the rows, and the total count when the query asks for it
     */
    ReadResult read(StoreQuery query);

    /**
     * Inserts or wholly replaces rows by id: after the call each row's stored fields are exactly the map's
     * (fields absent from the map are null). All rows are written or none.
     *
     * @param table the table
     * @param rows  the rows, each with its {@code id}
     */
    void upsert(String table, List<Map<String, Object>> rows);

    /**
     * Deletes rows by id; ids without a row are ignored.
     *
     * @param table the table
     * @param ids   the ids of the rows to delete
     * @return how many rows were deleted
     */
    long delete(String table, Collection<String> ids);

    /**
     * Deletes the rows that match a filter.
     *
     * @param table the table
     * @param where the filter, or {@code null} for all rows
     * @return how many rows were deleted
     */
    long deleteWhere(String table, Predicate where);
}

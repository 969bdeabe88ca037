package dev.offlinesync.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * Writes the rows that are new or whose version differs from the stored row's, and says for each what it did:
     * a row whose id no row has is inserted ({@link Written#INSERTED}); a row whose stored row holds another value,
     * or null, in {@code versionColumn} wholly replaces it, as {@link #upsert} does ({@link Written#UPDATED}); a row
     * whose stored row holds the same version is not written at all ({@link Written#UNCHANGED}), even where its other
     * fields differ. A pull writes a page of the server's rows this way: a version names one state of a row, so a
     * stored row with the page's version is that row already. All rows are written or none.
     *
     * <p>The default reads the stored versions of the rows' ids with one {@link #read} and then calls
     * {@link #upsert} with the rows to write; that is correct for any store, inside a transaction. A store that can
     * write and tell in one pass overrides it to save the read (the JDBC stores: an update guarded by the version,
     * then, for the rows it did not update, an insert that does nothing where the id is taken).
     *
     * @param table         the table
     * @param rows          the rows, each with its {@code id} (no two with the same) and a non-null value in
     *                      {@code versionColumn}
     * @param versionColumn the field that holds a row's version
     * @return what was done with each row, in the order of {@code rows}
     */
    default List<Written> upsertChanged(String table, List<Map<String, Object>> rows, String versionColumn) {
        List<Object> ids = new ArrayList<>(rows.size());
        Set<Object> distinct = new HashSet<>();
        for (Map<String, Object> row : rows) {
            Object id = row.get(TableDefinition.ID);
            String wrong = !(id instanceof String) ? "has no String id"
                    : row.get(versionColumn) == null ? "has no " + versionColumn
                    : !distinct.add(id) ? "appears twice" : null;
            if (wrong != null) {
                throw new StoreException("cannot write rows of table " + table + " by version: row '" + id + "' "
                        + wrong + "; pass each row once, with its id and version");
            }
            ids.add(id);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Object, Object> stored = new HashMap<>();
        StoreQuery versions = StoreQuery.where(table, new Predicate.In(TableDefinition.ID, ids))
                .withSelect(List.of(TableDefinition.ID, versionColumn));
        for (Map<String, Object> row : read(versions).rows()) {
            stored.put(row.get(TableDefinition.ID), row.get(versionColumn));
        }
        List<Written> written = new ArrayList<>(rows.size());
        List<Map<String, Object>> writes = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Object id = row.get(TableDefinition.ID);
            Written what = !stored.containsKey(id) ? Written.INSERTED
                    : row.get(versionColumn).equals(stored.get(id)) ? Written.UNCHANGED : Written.UPDATED;
            written.add(what);
            if (what != Written.UNCHANGED) {
                writes.add(row);
            }
        }
        if (!writes.isEmpty()) {
            upsert(table, writes);
        }
        return written;
    }

    /**
     * Inserts one row unless the table holds a row with its id, which is then left as it is. A local insert writes
     * its row this way: an existing row means the insert is refused, and the write itself tells.
     *
     * <p>The default looks the id up with {@link #lookup} and then calls {@link #upsert}; a store that can insert
     * and tell in one statement overrides it to save the read.
     *
     * @param table the table
     * @param row   the row, with its {@code id}
     * @return {@code true} when the row was inserted, {@code false} when a row with its id was there already
     */
    default boolean insertIfAbsent(String table, Map<String, Object> row) {
        if (lookup(table, (String) row.get(TableDefinition.ID)).isPresent()) {
            return false;
        }
        upsert(table, List.of(row));
        return true;
    }

    /**
     * Inserts one row with a new id, its {@code counter} column set to one more than the highest value that column
     * holds in the table (1 when no row holds one), unless a row of the table matches {@code unless}: then nothing
     * is written. The check and the number are taken as part of the write, in the caller's transaction when there
     * is one: inside {@link SyncContextDataSource#transaction} two such writes never get the same number, also when
     * several stores or processes share one database, and numbers grow in commit order. The operation queue
     * appends its entries this way (unless the item has one already, when it collapses with it instead).
     *
     * <p>The default checks {@code unless} and reads the highest number with {@link #read}, then calls
     * {@link #upsert}; that is correct for any store that meets the transaction contract. A store that can check,
     * number and write in one statement overrides it to save the reads.
     *
     * @param table   the table
     * @param row     the row, with an {@code id} no row has; a value it holds for {@code counter} is replaced
     * @param counter an {@link ColumnType#INTEGER} column of the table
     * @param unless  the filter of rows whose presence stops the write, or {@code null} to always write
     * @return {@code true} when the row was written, {@code false} when a row matched {@code unless}
     */
    default boolean insertNumbered(String table, Map<String, Object> row, String counter, Predicate unless) {
        if (unless != null && !read(new StoreQuery(table, unless, List.of(), 0, 1, List.of(TableDefinition.ID),
                false)).rows().isEmpty()) {
            return false;
        }
        StoreQuery highest = new StoreQuery(table, null, List.of(SortOrder.desc(counter)), 0, 1, List.of(counter),
                false);
        List<Map<String, Object>> last = read(highest).rows();
        Object value = last.isEmpty() ? null : last.get(0).get(counter);
        Map<String, Object> numbered = new HashMap<>(row);
        numbered.put(counter, value == null ? 1L : (Long) value + 1);
        upsert(table, List.of(numbered));
        return true;
    }

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

package dev.offlinesync.internal.systemtables;

import dev.offlinesync.OperationKind;
import dev.offlinesync.internal.TimeOrderedIds;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operation queue in the {@link SystemTables#OPERATIONS} table. Methods take the {@link StoreOperations}
 * of the caller's transaction, so that a queue change commits with the row change it belongs to.
 *
 * <p>Sequence numbers come from the store: one more than the highest queued, taken by the store inside the write's
 * own transaction as part of the queue entry's write ({@link StoreOperations#insertNumbered}: one statement on SQL
 * stores, no counter row to rewrite), so every client and process sharing the store gets distinct numbers,
 * increasing in commit order. Numbers start again at 1 once the queue is empty; a running push walks by number and
 * only sends what was queued when it started, so a number used again is sent by the next one.
 */
public final class OperationQueue {

    private static final String T = SystemTables.OPERATIONS;
    private static final String COUNTER = "sequence";
    private static final List<SortOrder> BY_SEQUENCE = List.of(SortOrder.asc("sequence"));
    /** The highest sequence number: built once, as each local write runs it. */
    private static final StoreQuery LAST_SEQUENCE = new StoreQuery(T, null, List.of(SortOrder.desc("sequence")), 0, 1,
            List.of("sequence"), false);

    /** Defines the system tables. */
    public OperationQueue(SyncContextDataSource store) {
        store.defineTable(SystemTables.OPERATIONS_TABLE);
        store.defineTable(SystemTables.ERRORS_TABLE);
        store.defineTable(SystemTables.CONFIG_TABLE);
    }

    /** Appends an operation at the end of the queue; the store gives it the next sequence number. */
    public void append(StoreOperations ops, OperationKind kind, String table, String itemId,
                       Map<String, Object> item) {
        ops.insertNumbered(T, newRow(kind, table, itemId, item), COUNTER, null);
    }

    /**
     * Appends an operation unless the item has one queued already (in flight or not), in one write; returns whether
     * it did. When it did not, the caller reads the item's operations and collapses with them.
     */
    public boolean appendUnlessQueued(StoreOperations ops, OperationKind kind, String table, String itemId) {
        return ops.insertNumbered(T, newRow(kind, table, itemId, null), COUNTER,
                new Predicate.And(List.of(eq("tableName", table), eq("itemId", itemId))));
    }

    private static Map<String, Object> newRow(OperationKind kind, String table, String itemId,
                                              Map<String, Object> item) {
        return new QueuedOperation(TimeOrderedIds.next(), 0, kind, table, itemId, null, item, List.of(), 0,
                null, false).toRow();
    }

    /** The highest sequence number in the queue (0 when it is empty). */
    public long lastSequence(StoreOperations ops) {
        List<Map<String, Object>> last = ops.read(LAST_SEQUENCE).rows();
        return last.isEmpty() ? 0 : (Long) last.get(0).get("sequence");
    }

    /** Writes a changed operation back (same id and position). */
    public void save(StoreOperations ops, QueuedOperation op) {
        ops.upsert(T, List.of(op.toRow()));
    }

    /** Writes changed operations back in one write (none when there are none). */
    public void saveAll(StoreOperations ops, List<QueuedOperation> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(changed.size());
        changed.forEach(op -> rows.add(op.toRow()));
        ops.upsert(T, rows);
    }

    public void remove(StoreOperations ops, String operationId) {
        ops.delete(T, List.of(operationId));
    }

    /** Removes operations in one write (none when there are none). */
    public void removeAll(StoreOperations ops, Collection<String> operationIds) {
        if (!operationIds.isEmpty()) {
            ops.delete(T, operationIds);
        }
    }

    /**
     * Removes an operation that will not be sent (its local row is gone). Bodies it sent without an answer may be
     * on the server, with a version the item's next operation (the local delete) does not carry: they go to that
     * operation, whose conflict with one of them is then repeated against the server's version, not parked.
     */
    public void removeHandingOverSent(StoreOperations ops, QueuedOperation op) {
        remove(ops, op.id());
        if (!op.maybeApplied()) {
            return;
        }
        for (QueuedOperation later : forItem(ops, op.table(), op.itemId())) {
            if (later.sequence() > op.sequence()) {
                save(ops, later.withEarlierSent(op.sent()));
                return;
            }
        }
    }

    public Optional<QueuedOperation> get(StoreOperations ops, String operationId) {
        return ops.lookup(T, operationId).map(QueuedOperation::fromRow);
    }

    /** The operations on one item, oldest first (at most one in flight and one pending). */
    public List<QueuedOperation> forItem(StoreOperations ops, String table, String itemId) {
        List<QueuedOperation> result = new ArrayList<>(1);
        StoreQuery query = new StoreQuery(T, new Predicate.And(List.of(eq("tableName", table), eq("itemId", itemId))),
                BY_SEQUENCE, 0, -1, List.of(), false);
        for (Map<String, Object> row : ops.read(query).rows()) {
            result.add(QueuedOperation.fromRow(row));
        }
        return result;
    }

    /**
     * The operations on some items of one table, each item's oldest first, in one read; an item without any maps
     * to an empty list.
     */
    public Map<String, List<QueuedOperation>> forItems(StoreOperations ops, String table, Collection<String> itemIds) {
        Map<String, List<QueuedOperation>> result = new HashMap<>();
        itemIds.forEach(id -> result.put(id, new ArrayList<>(1)));
        Predicate where = new Predicate.And(List.of(eq("tableName", table),
                new Predicate.In("itemId", new ArrayList<>(itemIds))));
        for (QueuedOperation op : read(ops, where, -1)) {
            result.get(op.itemId()).add(op);
        }
        return result;
    }

    /** Up to {@code limit} operations after a sequence number and at most {@code upTo}, in queue order. */
    public List<QueuedOperation> next(StoreOperations ops, long afterSequence, long upTo, int limit) {
        return read(ops, new Predicate.And(List.of(
                new Predicate.Comparison("sequence", Predicate.Op.GT, afterSequence),
                new Predicate.Comparison("sequence", Predicate.Op.LE, upTo))), limit);
    }

    /** Every queued operation, or those of one table, in queue order. */
    public List<QueuedOperation> all(StoreOperations ops, String table) {
        return read(ops, table == null ? null : eq("tableName", table), -1);
    }

    public long count(StoreOperations ops, String table) {
        return ops.read(new StoreQuery(T, table == null ? null : eq("tableName", table), List.of(), 0, 0,
                List.of(), true)).totalCount();
    }

    /** Which of these item ids of a table have a queued operation. */
    public Set<String> itemsWithOperations(StoreOperations ops, String table, Collection<String> itemIds) {
        Set<String> result = new HashSet<>();
        if (itemIds.isEmpty()) {
            return result;
        }
        Predicate where = new Predicate.And(List.of(eq("tableName", table),
                new Predicate.In("itemId", new ArrayList<>(itemIds))));
        for (Map<String, Object> row : ops.read(StoreQuery.where(T, where).withSelect(List.of("itemId"))).rows()) {
            result.add((String) row.get("itemId"));
        }
        return result;
    }

    /** Removes every operation of a table; returns how many. */
    public long removeTable(StoreOperations ops, String table) {
        return ops.deleteWhere(T, eq("tableName", table));
    }

    private List<QueuedOperation> read(StoreOperations ops, Predicate where, long top) {
        List<QueuedOperation> result = new ArrayList<>();
        for (Map<String, Object> row : ops.read(StoreQuery.where(T, where).withOrderBy(BY_SEQUENCE).withTop(top)).rows()) {
            result.add(QueuedOperation.fromRow(row));
        }
        return result;
    }

    static Predicate eq(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.EQ, value);
    }
}

package dev.offlinesync.store.memory;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.spi.Written;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The reference implementation of {@link SyncContextDataSource}: tables held in memory, lost on
 * {@link #close()}. Use it in tests, demos and apps that do not need to keep data across restarts.
 *
 * <p>Rows are deep-copied on the way in and on the way out, so a caller can never change stored state
 * through a map it passed in or got back. Values are checked against the table definition: a defined column
 * accepts only its {@link ColumnType}'s Java type (or {@code null}); a field the definition does not name may
 * hold any of those types and is kept as it is. Instants are kept with millisecond precision (finer parts
 * are truncated), as {@link ColumnType#DATE} says. Rows read back hold every defined column (null when not
 * set), then the undefined fields the row was written with.
 *
 * <p>Reads by id, {@code id IN (...)}, {@code =} or {@code IN} on another column, and reads ordered by a defined
 * column with a {@code top} use indexes (built on first use, kept up to date by every write), so they visit the
 * rows they select rather than the whole table; other filters scan the table.
 *
 * <p>Concurrency is by one {@link ReentrantReadWriteLock}: reads take the read lock, single writes the write
 * lock, and a {@linkplain #transaction transaction} holds the write lock from start to end, so other threads
 * wait for it instead of seeing its uncommitted writes. A transaction keeps an undo log and replays it
 * backwards when its work throws. The work must use the store from the thread that called
 * {@code transaction} (another thread would wait for the lock the transaction holds). A nested transaction
 * joins the outer one without a savepoint: if the outer work catches a nested one's exception and returns,
 * the nested writes commit with the rest. {@link #defineTable} inside a transaction is undone with it.
 *
 * <p>Redefining a table adds the columns it did not have and keeps the ones the new definition leaves out.
 * Changing a column's type, or adding a column whose name existing rows already use (as an undefined field)
 * for a value of another type, fails with a {@link StoreException} and changes nothing. Table names, and the
 * column names of a table, that differ only in case are refused (with an {@link InvalidItemException}) as SQL
 * stores must refuse them, so that an app that works here works on those too.
 */
public final class MemoryStore implements SyncContextDataSource {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Guarded by {@link #lock}. */
    private final Map<String, MemoryTable> tables = new HashMap<>();

    /**
     * The undo actions of the running transaction, or {@code null} outside one. Only the thread holding the
     * write lock reads or changes it, so when a write-lock holder sees it non-null the transaction is its own.
     */
    private Deque<Runnable> undoLog;

    private volatile boolean closed;

    /** Rows looked at by reads, summed over tables: lets tests tell an index from a scan without timing. */
    private final LongAdder rowsVisited = new LongAdder();

    /** Creates an empty store. */
    public MemoryStore() {
        // nothing to open
    }

    @Override
    public void defineTable(TableDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        write(() -> {
            String name = definition.name();
            MemoryTable existing = tables.get(name);
            if (existing == null) {
                Definitions.requireNameDiffersInCase(name, tables.keySet());
                Definitions.requireColumnsDifferInCase(name, definition.columns().keySet());
                tables.put(name, new MemoryTable(definition, rowsVisited));
                logUndo(() -> tables.remove(name));
            } else {
                Definitions.upgrade(existing, definition, this::logUndo);
            }
            return null;
        });
    }

    @Override
    public Optional<Map<String, Object>> lookup(String table, String id) {
        return read(() -> {
            MemoryTable t = table(table);
            Map<String, Object> row = t.get(id);
            return Optional.ofNullable(row == null ? null : Rows.copyOut(t.definition(), row));
        });
    }

    @Override
    public ReadResult read(StoreQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> {
            MemoryTable t = table(query.table());
            // Only rows up to skip + top are needed, unless all matches are counted.
            long limit = query.top() < 0 || query.includeTotalCount() ? -1 : query.skip() + query.top();
            List<Map<String, Object>> matched = t.select(query.where(), query.orderBy(), limit);
            int from = (int) Math.min(query.skip(), matched.size());
            int to = query.top() < 0 ? matched.size() : from + (int) Math.min(matched.size() - from, query.top());
            List<Map<String, Object>> rows = new ArrayList<>(to - from);
            for (Map<String, Object> row : matched.subList(from, to)) {
                rows.add(query.select().isEmpty() ? Rows.copyOut(t.definition(), row) : Rows.project(row, query.select()));
            }
            return new ReadResult(rows, query.includeTotalCount() ? matched.size() : -1);
        });
    }

    @Override
    public void upsert(String table, List<Map<String, Object>> rows) {
        Objects.requireNonNull(rows, "rows");
        write(() -> {
            MemoryTable t = table(table);
            List<Map<String, Object>> copies = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                copies.add(Rows.copyIn(t.definition(), row));
            }
            for (Map<String, Object> copy : copies) {
                String id = (String) copy.get(TableDefinition.ID);
                Map<String, Object> previous = t.put(id, copy);
                logUndo(() -> restore(t, id, previous));
            }
            return null;
        });
    }

    /** Under one write lock: every row checked and copied, then each id looked at once and written unless unchanged. */
    @Override
    public List<Written> upsertChanged(String table, List<Map<String, Object>> rows, String versionColumn) {
        Objects.requireNonNull(rows, "rows");
        return write(() -> {
            MemoryTable t = table(table);
            List<Map<String, Object>> copies = new ArrayList<>(rows.size());
            Set<Object> ids = new HashSet<>();
            for (Map<String, Object> row : rows) {
                Map<String, Object> copy = Rows.copyIn(t.definition(), row);
                Object id = copy.get(TableDefinition.ID);
                if (copy.get(versionColumn) == null || !ids.add(id)) {
                    throw new StoreException("cannot write rows of table " + table + " by version: row '" + id + "' "
                            + (copy.get(versionColumn) == null ? "has no " + versionColumn : "appears twice")
                            + "; pass each row once, with its version");
                }
                copies.add(copy);
            }
            List<Written> written = new ArrayList<>(copies.size());
            for (Map<String, Object> copy : copies) {
                String id = (String) copy.get(TableDefinition.ID);
                Map<String, Object> stored = t.get(id);
                if (stored != null && copy.get(versionColumn).equals(stored.get(versionColumn))) {
                    written.add(Written.UNCHANGED);
                    continue;
                }
                Map<String, Object> previous = t.put(id, copy);
                logUndo(() -> restore(t, id, previous));
                written.add(previous == null ? Written.INSERTED : Written.UPDATED);
            }
            return written;
        });
    }

    /** Under one write lock: a look at the id and the write, no copy of an existing row. */
    @Override
    public boolean insertIfAbsent(String table, Map<String, Object> row) {
        Objects.requireNonNull(row, "row");
        return write(() -> {
            MemoryTable t = table(table);
            Map<String, Object> copy = Rows.copyIn(t.definition(), row);
            String id = (String) copy.get(TableDefinition.ID);
            if (t.get(id) != null) {
                return false;
            }
            t.put(id, copy);
            logUndo(() -> t.remove(id));
            return true;
        });
    }

    /**
     * Under one write lock: the condition and the highest number are looked up in the table's indexes (on the
     * condition's columns, and ordered by the counter), so a write costs the same however many rows there are.
     */
    @Override
    public boolean insertNumbered(String table, Map<String, Object> row, String counter, Predicate unless) {
        Objects.requireNonNull(row, "row");
        return write(() -> {
            MemoryTable t = table(table);
            if (t.definition().typeOf(counter) != ColumnType.INTEGER) {
                throw new StoreException("cannot number rows of " + table + " by '" + counter + "': it is not an"
                        + " INTEGER column of the table; pass one the table definition names as INTEGER");
            }
            if (unless != null && !t.select(unless, List.of(), 1).isEmpty()) {
                return false;
            }
            Object highest = t.highest(counter);
            Map<String, Object> copy = Rows.copyIn(t.definition(), row, counter,
                    highest == null ? 1L : (Long) highest + 1);
            String id = (String) copy.get(TableDefinition.ID);
            Map<String, Object> previous = t.put(id, copy);
            logUndo(() -> restore(t, id, previous));
            return true;
        });
    }

    @Override
    public long delete(String table, Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        return write(() -> {
            MemoryTable t = table(table);
            long count = 0;
            for (String id : ids) {
                Map<String, Object> previous = t.remove(id);
                if (previous != null) {
                    count++;
                    logUndo(() -> restore(t, id, previous));
                }
            }
            return count;
        });
    }

    @Override
    public long deleteWhere(String table, Predicate where) {
        return write(() -> {
            MemoryTable t = table(table);
            List<String> doomed = new ArrayList<>();
            for (Map<String, Object> row : t.select(where, List.of(), -1)) {
                doomed.add((String) row.get(TableDefinition.ID));
            }
            for (String id : doomed) {
                Map<String, Object> previous = t.remove(id);
                logUndo(() -> restore(t, id, previous));
            }
            return (long) doomed.size();
        });
    }

    /**
     * Runs work holding the write lock; other threads' reads and writes wait until it ends. A nested call on
     * the same thread joins the outer transaction: only the outermost one commits or rolls back.
     */
    @Override
    public <T> T transaction(Function<StoreOperations, T> work) {
        Objects.requireNonNull(work, "work");
        Lock writeLock = lock.writeLock();
        writeLock.lock();
        try {
            ensureOpen();
            if (undoLog != null) {
                return work.apply(this);
            }
            undoLog = new ArrayDeque<>();
            try {
                return work.apply(this);
            } catch (Throwable failure) {
                rollback();
                throw failure;
            } finally {
                undoLog = null;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Drops every table. Waits for a running transaction; closing twice is harmless. */
    @Override
    public void close() {
        Lock writeLock = lock.writeLock();
        writeLock.lock();
        try {
            closed = true;
            tables.clear();
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback() {
        for (Runnable undo = undoLog.pollLast(); undo != null; undo = undoLog.pollLast()) {
            undo.run();
        }
    }

    /** Records how to undo a change, when a transaction is running; the caller holds the write lock. */
    private void logUndo(Runnable undo) {
        if (undoLog != null) {
            undoLog.addLast(undo);
        }
    }

    private static void restore(MemoryTable table, String id, Map<String, Object> previous) {
        if (previous == null) {
            table.remove(id);
        } else {
            table.put(id, previous);
        }
    }

    /** How many rows reads and filtered deletes have looked at so far, over all tables. */
    long rowsVisited() {
        return rowsVisited.sum();
    }

    private <T> T read(Supplier<T> action) {
        Lock readLock = lock.readLock();
        readLock.lock();
        try {
            ensureOpen();
            return action.get();
        } finally {
            readLock.unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        Lock writeLock = lock.writeLock();
        writeLock.lock();
        try {
            ensureOpen();
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store is closed: create a new MemoryStore");
        }
    }

    private MemoryTable table(String name) {
        MemoryTable table = tables.get(name);
        if (table == null) {
            throw new StoreException("table " + name + " is not defined: call defineTable first");
        }
        return table;
    }
}

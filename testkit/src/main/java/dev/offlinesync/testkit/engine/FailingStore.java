package dev.offlinesync.testkit.engine;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A store that fails on purpose: it passes every call to the real store under test, but the next write to a
 * chosen table throws, as a full disk or a crash would. Used to show that a row change and its queue entry
 * (or an error's resolution) commit together. It also counts the transactions it commits, to show what a push
 * costs in commits. It can fail the next commit (the work ran, then everything is rolled back), or run the next
 * transaction's work twice, the first time rolled back, as a store that retries a transaction after a busy
 * database does.
 */
final class FailingStore implements SyncContextDataSource {

    private final SyncContextDataSource real;
    private volatile String failWritesTo;
    private volatile boolean failNextCommit;
    private volatile boolean runNextTwice;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger statements = new AtomicInteger();
    private final Map<String, AtomicInteger> writes = new java.util.concurrent.ConcurrentHashMap<>();
    /** How deep the calling thread is in transactions: a nested one joins the outer one and commits nothing. */
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    FailingStore(SyncContextDataSource real) {
        this.real = real;
    }

    /** Makes the next write to this table (and every one after it) fail, until {@link #heal()}. */
    void failWritesTo(String table) {
        this.failWritesTo = table;
    }

    /** Makes the next transaction fail after its work ran: nothing of it commits. */
    void failNextCommit() {
        this.failNextCommit = true;
    }

    /** Runs the work of the next transaction twice: the first run is rolled back, the second one commits. */
    void runNextTransactionTwice() {
        this.runNextTwice = true;
    }

    void heal() {
        this.failWritesTo = null;
    }

    /** Outermost transactions that committed so far. */
    int commits() {
        return commits.get();
    }

    /** Calls made inside transactions so far (lookups, reads and writes), rolled back ones too. */
    int statements() {
        return statements.get();
    }

    /** Writes (upserts and deletes) to this table so far, rolled back ones too. */
    int writesTo(String table) {
        return writes.getOrDefault(table, new AtomicInteger()).get();
    }

    private void check(String table) {
        writes.computeIfAbsent(table, t -> new AtomicInteger()).incrementAndGet();
        if (table.equals(failWritesTo)) {
            throw new StoreException("injected failure writing " + table);
        }
    }

    private StoreOperations wrap(StoreOperations ops) {
        return new StoreOperations() {
            @Override
            public Optional<Map<String, Object>> lookup(String table, String id) {
                statements.incrementAndGet();
                return ops.lookup(table, id);
            }

            @Override
            public ReadResult read(StoreQuery query) {
                statements.incrementAndGet();
                return ops.read(query);
            }

            @Override
            public void upsert(String table, List<Map<String, Object>> rows) {
                statements.incrementAndGet();
                check(table);
                ops.upsert(table, rows);
            }

            @Override
            public long delete(String table, Collection<String> ids) {
                statements.incrementAndGet();
                check(table);
                return ops.delete(table, ids);
            }

            @Override
            public long deleteWhere(String table, Predicate where) {
                statements.incrementAndGet();
                check(table);
                return ops.deleteWhere(table, where);
            }
        };
    }

    /** Undoes the first run of a transaction run twice. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RolledBack() {
            super("the first run of a transaction run twice", null, false, false);
        }
    }

    @Override
    public void defineTable(TableDefinition definition) {
        real.defineTable(definition);
    }

    @Override
    public <T> T transaction(Function<StoreOperations, T> work) {
        int[] level = depth.get();
        level[0]++;
        try {
            boolean outermost = level[0] == 1;
            if (outermost && runNextTwice) {
                runNextTwice = false;
                try {
                    real.transaction(ops -> {
                        work.apply(wrap(ops));
                        throw new RolledBack();
                    });
                } catch (RolledBack | StoreException expected) {
                    // the first run is undone, as a busy database undoes it; the store runs the work again
                }
            }
            boolean failCommit = outermost && failNextCommit;
            failNextCommit = failNextCommit && !outermost;
            T result = real.transaction(ops -> {
                T value = work.apply(wrap(ops));
                if (failCommit) {
                    throw new StoreException("injected failure committing a transaction");
                }
                return value;
            });
            if (level[0] == 1) {
                commits.incrementAndGet();
            }
            return result;
        } finally {
            level[0]--;
        }
    }

    @Override
    public Optional<Map<String, Object>> lookup(String table, String id) {
        return real.lookup(table, id);
    }

    @Override
    public ReadResult read(StoreQuery query) {
        return real.read(query);
    }

    @Override
    public void upsert(String table, List<Map<String, Object>> rows) {
        check(table);
        real.upsert(table, rows);
    }

    @Override
    public long delete(String table, Collection<String> ids) {
        check(table);
        return real.delete(table, ids);
    }

    @Override
    public long deleteWhere(String table, Predicate where) {
        check(table);
        return real.deleteWhere(table, where);
    }

    @Override
    public void close() {
        real.close();
    }
}

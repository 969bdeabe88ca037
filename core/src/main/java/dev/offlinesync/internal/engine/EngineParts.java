package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncException;
import dev.offlinesync.TableChange;
import dev.offlinesync.internal.protocol.RemoteTables;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.observe.ChangeSet;
import dev.offlinesync.internal.observe.Observers;
import dev.offlinesync.internal.systemtables.ConfigStore;
import dev.offlinesync.internal.systemtables.ErrorLog;
import dev.offlinesync.internal.systemtables.OperationQueue;
import dev.offlinesync.internal.systemtables.PushLease;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the engine's parts share: the store and its system tables, the table definitions, the server client
 * and the delegate. The lock orders every change that touches the queue together with rows (a local write, a
 * push step, a pull page); it is never held across a network call.
 */
public final class EngineParts {

    private static final System.Logger LOG = System.getLogger(EngineParts.class.getName());

    final SyncContextDataSource store;
    final OperationQueue queue;
    final ErrorLog errors = new ErrorLog();
    final ConfigStore config = new ConfigStore();
    final TableRegistry tables = new TableRegistry();
    final RemoteTables client;
    final SyncContextDelegate delegate;
    final PushLease lease = new PushLease();
    final Observers observers;
    /** How many operations a push may have in flight at once (on different items); 1 sends one at a time. */
    final int pushParallelism;
    private final ReentrantLock lock = new ReentrantLock();
    /** The row changes of the transaction running under the lock; published only once it committed. */
    private final ChangeSet changes = new ChangeSet();
    /** Tables whose queued operations a push of this client passed over, said once each. */
    private final Set<String> unopenedTablesWarned = ConcurrentHashMap.newKeySet();
    /** Whether a transaction runs under the lock (guarded by the lock). */
    private boolean inTransaction;

    public EngineParts(SyncContextDataSource store, RemoteTables client, SyncContextDelegate delegate, Observers observers,
                  int pushParallelism) {
        this.store = store;
        this.pushParallelism = pushParallelism;
        this.client = client;
        this.observers = observers;
        this.delegate = delegate == null ? new SyncContextDelegate() { } : delegate;
        this.queue = storeCall(() -> new OperationQueue(store));
    }

    /**
     * Whether an operation may be being sent by a push right now (by this client, or another one sharing the
     * store): marked by the lease's live holder, or by a client of this host that still runs, whose request may
     * outlast its lease (a local change folded into such an operation would be undone by its answer). A mark left
     * by a push whose owner is gone (a crash, a closed client) means nothing: there is no reset at start, which
     * would take the marks of another live client.
     */
    boolean inFlight(StoreOperations ops, QueuedOperation op) {
        return op.owner() != null && (PushLease.runsHere(op.owner())
                || op.owner().equals(PushLease.liveHolder(ops, Instant.now())));
    }

    /** The operations among these that a push may be sending right now (one read of the lease for all of them). */
    Set<String> inFlightIds(StoreOperations ops, List<QueuedOperation> queued) {
        String holder = PushLease.liveHolder(ops, Instant.now());
        Map<String, Boolean> running = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (QueuedOperation op : queued) {
            String owner = op.owner();
            if (owner != null && (owner.equals(holder) || running.computeIfAbsent(owner, PushLease::runsHere))) {
                ids.add(op.id());
            }
        }
        return ids;
    }

    /** Gives up this client's push lease, so other clients sharing the store can push at once. */
    void close() {
        try {
            locked(ops -> {
                lease.release(ops);
                return null;
            });
        } catch (SyncException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not release the push lease; it ends when it expires", e);
        } finally {
            lease.close();
        }
    }

    /** Defines a sync table in the store, then remembers its definition (not when the store refuses it). */
    public void defineTable(TableDefinition definition) {
        TableDefinition merged = tables.merged(definition);
        storeCall(() -> {
            store.defineTable(merged);
            return null;
        });
        tables.register(merged);
    }

    public TableDefinition table(String name) {
        return tables.get(name);
    }

    /**
     * Whether this client opened the table ({@code SyncClient.table}): only then can a push make rows of the server's
     * answers or record errors against it. Another client of the store may have queued operations on a table this
     * one never opens; those wait, queued and unsent, said once per table at WARNING.
     */
    boolean opened(String name) {
        if (tables.defined(name)) {
            return true;
        }
        if (unopenedTablesWarned.add(name)) {
            LOG.log(System.Logger.Level.WARNING, "operations queued on table {0} are not pushed by this client: it"
                    + " has not opened the table; call SyncClient.table(\"{0}\") before pushing to send them", name);
        }
        return false;
    }

    /**
     * Runs work in one store transaction while holding the engine lock. The row changes it records with
     * {@link #changes()} are queued in commit order once the transaction committed, and handed to the listeners
     * after the lock is released; a failed transaction's are dropped.
     */
    <T> T locked(Function<StoreOperations, T> work) {
        lock.lock();
        boolean outermost = !inTransaction;
        try {
            inTransaction = true;
            T result = storeCall(() -> store.transaction(ops -> {
                if (outermost) {
                    changes.clear(); // a store that runs the work again after a busy retry starts afresh
                }
                return work.apply(ops);
            }));
            if (outermost) {
                inTransaction = false;
                observers.committed(changes);
            }
            return result;
        } finally {
            if (outermost) {
                inTransaction = false;
                changes.clear();
            }
            lock.unlock();
            if (outermost) {
                observers.publish();
            }
        }
    }

    /** Where the running transaction records its row changes (only while holding the lock). */
    ChangeSet changes() {
        return changes;
    }

    /** Writes one row, recording it as inserted or updated by {@code origin}. */
    void upsertRecorded(StoreOperations ops, TableChange.Origin origin, String table, Map<String, Object> row) {
        String id = (String) row.get("id");
        boolean existed = ops.lookup(table, id).isPresent();
        ops.upsert(table, java.util.List.of(row));
        if (existed) {
            changes.updated(origin, table, java.util.List.of(id));
        } else {
            changes.inserted(origin, table, java.util.List.of(id));
        }
    }

    /** Writes one row the caller knows exists (no lookup to tell), recording it as updated by {@code origin}. */
    void updateRecorded(StoreOperations ops, TableChange.Origin origin, String table, Map<String, Object> row) {
        ops.upsert(table, java.util.List.of(row));
        changes.updated(origin, table, java.util.List.of((String) row.get("id")));
    }

    /** Deletes one row, recording it when it existed. */
    void deleteRecorded(StoreOperations ops, TableChange.Origin origin, String table, String id) {
        if (ops.delete(table, java.util.List.of(id)) > 0) {
            changes.deleted(origin, table, java.util.List.of(id));
        }
    }

    /** Runs a store call; a failure of the store that is not already a SyncException becomes a StoreException. */
    static <T> T storeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SyncException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("The local store failed: " + e + ". Nothing of this call was written", e);
        }
    }

    /** A row from a user's item; a value that does not fit its column is an invalid item. */
    Map<String, Object> userRow(ObjectNode item, TableDefinition definition) {
        try {
            return RowMapper.toRow(item, definition);
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException("Item '" + item.path("id").asText() + "' of table " + definition.name()
                    + " is not valid: " + e.getMessage(), e);
        }
    }

    /** A row from a server's item (without the server's {@code deleted} flag); bad data is a protocol error. */
    Map<String, Object> serverRow(ObjectNode item, TableDefinition definition) {
        try {
            Map<String, Object> row = RowMapper.toRow(item, definition);
            row.remove("deleted");
            return row;
        } catch (IllegalArgumentException e) {
            throw badServerItem(item.path("id").asText(), definition, e);
        }
    }

    /** A server's item with a value that does not fit its column: a protocol error. */
    static ProtocolException badServerItem(String id, TableDefinition definition, IllegalArgumentException e) {
        return new ProtocolException("The server sent item '" + id + "' of table " + definition.name() + " with "
                + e.getMessage() + ": nothing of it was applied; check that the local table's column types match"
                + " the server's (change the local definition if they differ) and sync again", e);
    }
}

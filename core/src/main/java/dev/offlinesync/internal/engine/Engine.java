package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.StoreException;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncException;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.queue.ConfigStore;
import dev.offlinesync.internal.queue.ErrorLog;
import dev.offlinesync.internal.queue.OperationQueue;
import dev.offlinesync.internal.queue.PushLease;
import dev.offlinesync.internal.queue.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the engine's parts share: the store and its system tables, the table definitions, the server client
 * and the delegate. The lock orders every change that touches the queue together with rows (a local write, a
 * push step, a pull page); it is never held across a network call.
 */
public final class Engine {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    final SyncContextDataSource store;
    final OperationQueue queue;
    final ErrorLog errors = new ErrorLog();
    final ConfigStore config = new ConfigStore();
    final TableRegistry tables = new TableRegistry();
    final TableClient client;
    final SyncContextDelegate delegate;
    final PushLease lease = new PushLease();
    private final ReentrantLock lock = new ReentrantLock();

    public Engine(SyncContextDataSource store, TableClient client, SyncContextDelegate delegate) {
        this.store = store;
        this.client = client;
        this.delegate = delegate == null ? new SyncContextDelegate() { } : delegate;
        this.queue = storeCall(() -> new OperationQueue(store));
    }

    /**
     * Whether an operation is being sent by a push right now (by this client, or another one sharing the store).
     * A mark left by a push whose owner is gone (a crash, a closed client) means nothing: there is no reset at
     * start, which would take the marks of another live client.
     */
    boolean inFlight(StoreOperations ops, QueuedOperation op) {
        return op.owner() != null && PushLease.isLive(ops, op.owner(), Instant.now());
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

    /** Runs work in one store transaction while holding the engine lock. */
    <T> T locked(Function<StoreOperations, T> work) {
        lock.lock();
        try {
            return storeCall(() -> store.transaction(work));
        } finally {
            lock.unlock();
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
            throw new ProtocolException("The server sent item '" + item.path("id").asText() + "' of table "
                    + definition.name() + " with " + e.getMessage() + ": nothing of it was applied", e);
        }
    }
}

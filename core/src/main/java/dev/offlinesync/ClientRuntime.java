package dev.offlinesync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.engine.Identifiers;
import dev.offlinesync.internal.engine.SyncEngine;
import dev.offlinesync.internal.engine.TableRegistry;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.internal.json.JsonSupport;
import dev.offlinesync.internal.json.TypeColumns;
import dev.offlinesync.internal.observe.Observers;
import dev.offlinesync.internal.protocol.Protocol;
import dev.offlinesync.internal.protocol.RemoteTables;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SyncContextDataSource;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link SyncClient} is made of, wired from its settings: the store, the engine over it and the remote
 * tables, the threads the client owns, and the item mapper its tables share. Closing it stops the client's own
 * threads, then the engine, then the store.
 */
final class ClientRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SyncClient.class.getName());
    /** How long {@link #close()} lets each of the client's own executors finish its work before interrupting it. */
    private static final long CLOSE_GRACE_SECONDS = 5;

    private final SyncContextDataSource store;
    private final SyncEngine engine;
    private final ObjectMapper mapper;
    private final Async async;
    private final SyncContext context;
    private final ExecutorService ownExecutor;
    private final ExecutorService ownCallbacks;
    private final ConflictHandlers conflicts;

    ClientRuntime(ClientSettings s) {
        this.store = s.store;
        this.mapper = s.mapper != null ? JsonSupport.itemMapper(s.mapper) : JsonSupport.defaultMapper();
        this.ownExecutor = s.executor == null ? Executors.newCachedThreadPool(daemon("offlinesync-worker")) : null;
        this.ownCallbacks = s.callbackExecutor == null
                ? Executors.newSingleThreadExecutor(daemon("offlinesync-callback")) : null;
        Executor callbacks = s.callbackExecutor != null ? s.callbackExecutor : ownCallbacks;
        this.async = new Async(s.executor != null ? s.executor : ownExecutor, callbacks);
        Observers observers = new Observers(callbacks, s.eventListener);
        this.conflicts = new ConflictHandlers(s.delegate);
        // the wire never sees the application's mapper: what the server sends is read one fixed way
        ObjectMapper wireMapper = JsonSupport.defaultMapper();
        Protocol protocol = Protocol.of(s.dialect, s.applicationKey);
        TableClient transport = new TableClient(s.http(), protocol.headers(), protocol, wireMapper, observers);
        this.engine = new SyncEngine(store, new RemoteTables(protocol, transport, wireMapper), conflicts, observers,
                s.pushParallelism);
        this.context = new SyncContext(engine, async);
    }

    SyncContext context() {
        return context;
    }

    /** Defines the table locally (columns from the type, or the given ones for JSON) and gives its API. */
    <T> SyncTable<T> table(String name, Class<T> type, Map<String, ColumnType> jsonColumns) {
        Map<String, ColumnType> columns = type == ObjectNode.class ? jsonColumns : TypeColumns.of(mapper, type);
        Identifiers.requireUserTableName(name);
        engine.defineTable(TableRegistry.syncTable(name, columns));
        return new SyncTable<>(name, type, engine, mapper, async, conflicts);
    }

    @Override
    public void close() {
        engine.observers().close();
        for (ExecutorService service : new ExecutorService[] {ownExecutor, ownCallbacks}) {
            if (service != null) {
                service.shutdown();
                try {
                    if (!service.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                        LOG.log(System.Logger.Level.WARNING, "offlinesync threads still busy after "
                                + CLOSE_GRACE_SECONDS + " s; interrupting");
                        service.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    service.shutdownNow();
                }
            }
        }
        engine.close();
        store.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

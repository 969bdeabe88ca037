package dev.offlinesync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.engine.SyncEngine;
import dev.offlinesync.internal.protocol.SystemColumns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A table in the local store that syncs with the server's table of the same name. Local calls ({@code insert},
 * {@code update}, {@code delete}, {@code lookup}, {@code read}) are synchronous and thread-safe; each write is
 * queued for the next push in the same transaction. Network calls ({@code pull}, {@code purge}) return
 * futures completed on the client's callback executor.
 *
 * <p>Every method may be called from any thread, the callback executor and listeners included; each says whether
 * it blocks. A local call blocks while the store reads or commits, and a write waits for another thread's local
 * write or a push's bookkeeping to commit first (never for a network call).
 *
 * @param <T> {@link ObjectNode} for JSON tables, or a record or POJO type mapped by Jackson
 */
public final class SyncTable<T> {

    /** The shortest time between two results of one live query ({@link #observe}): 50 ms. */
    public static final Duration LIVE_QUERY_INTERVAL = Duration.ofMillis(50);

    private final String name;
    private final Class<T> type;
    private final SyncEngine engine;
    private final ObjectMapper mapper;
    private final Async async;
    private final ConflictHandlers conflicts;
    private final TypedItems<T> items = new TypedItems<>() {
        @Override
        public ObjectNode toJson(T item) {
            return SyncTable.this.toJson(item);
        }

        @Override
        public T fromJson(ObjectNode item) {
            return SyncTable.this.fromJson(item);
        }
    };

    SyncTable(String name, Class<T> type, SyncEngine engine, ObjectMapper mapper, Async async,
              ConflictHandlers conflicts) {
        this.name = name;
        this.type = type;
        this.engine = engine;
        this.mapper = mapper;
        this.async = async;
        this.conflicts = conflicts;
    }

    /** {@return the table's name, on the server and locally} */
    public String name() {
        return name;
    }

    /**
     * Inserts an item locally and queues it. An item without an id gets a new UUID. Blocks until committed.
     *
     * @param item the item; its id may be {@code null}
     * @return the stored item, with its id
     * @throws QueueRejectedException when an item with this id exists locally
     * @throws InvalidItemException   for a bad id or a value that does not fit its column
     */
    public T insert(T item) {
        return fromJson(engine.insert(name, toJson(item)));
    }

    /**
     * Updates an item locally and queues the change. Fields the item does not carry (for example system columns
     * a record lacks) keep their stored values. Blocks until committed.
     *
     * @param item the item, with its id
     * @return the stored item
     * @throws QueueRejectedException when the item does not exist locally
     */
    public T update(T item) {
        return fromJson(engine.update(name, toJson(item)));
    }

    /**
     * Deletes an item locally and queues the delete. Blocks until committed.
     *
     * @param item the item, with its id
     */
    public void delete(T item) {
        JsonNode id = toJson(item).get("id");
        if (id == null || !id.isTextual()) {
            throw new InvalidItemException("Cannot delete an item of " + name + " without a string id");
        }
        engine.delete(name, id.textValue());
    }

    /**
     * Deletes the item with this id locally and queues the delete. Blocks until committed.
     *
     * @param id the item's id
     */
    public void deleteById(String id) {
        engine.delete(name, id);
    }

    /**
     * The local item with this id. Blocks while the store reads.
     *
     * @param id the item's id
     * @return the item, or empty
     */
    public Optional<T> lookup(String id) {
        return engine.lookup(name, id).map(this::fromJson);
    }

    /**
     * Reads local items. Blocks while the store reads.
     *
     * @param query the filter, order, paging and selection
     * @return the items, and their total count when the query asks for it
     */
    public QueryResult<T> read(Query query) {
        QueryResult<ObjectNode> result = engine.read(name, Objects.requireNonNull(query, "query"));
        List<T> items = new ArrayList<>(result.items().size());
        result.items().forEach(item -> items.add(fromJson(item)));
        return new QueryResult<>(items, result.totalCount());
    }

    /**
     * Calls the listener after each committed change to this table's rows (never for rolled-back work), on the
     * callback executor, until the subscription is closed. Changes that come while the listener runs or waits are
     * merged per origin. Sync never waits for a listener. Does not block.
     *
     * @param listener called with each change
     * @return the subscription; close it to stop the calls
     */
    public Subscription addChangeListener(Consumer<? super TableChange> listener) {
        return engine.observers().addChangeListener(name, listener);
    }

    /**
     * A live query: calls the listener with the query's current result, then with a fresh result after each
     * commit that changed this table, on the callback executor, until the subscription is closed. At most one
     * result per {@link #LIVE_QUERY_INTERVAL} (commits in between are covered by the next result); the read runs
     * on the callback executor just before the call. Does not block: the first result comes on the callback
     * executor too.
     *
     * @param query    the query to read
     * @param listener called with each result
     * @return the subscription; close it to stop the calls
     */
    public Subscription observe(Query query, Consumer<? super QueryResult<T>> listener) {
        Objects.requireNonNull(query, "query");
        return engine.observers().observe(name, () -> read(query), listener);
    }

    /**
     * Pulls the server's items that match the query's filter into this table, page by page. Pending local
     * changes are pushed first. With a {@code queryId} the pull is incremental: it starts where the last pull with
     * that id stopped, and an interrupted pull resumes after its last applied page. Items with a queued local
     * change are left alone; items deleted on the server are removed. Does not block: the pull runs on the
     * client's executor and the future completes on the callback executor.
     *
     * @param query   the items to pull (its filter; order and paging are the pull's own)
     * @param queryId names the incremental sync of this query, or {@code null} to read the whole query
     * @return what the pull did
     */
    public CompletableFuture<PullResult> pull(Query query, String queryId) {
        return pull(query, queryId, PullOptions.defaults());
    }

    /**
     * Pulls with explicit options (page size, maximum, progress), as {@link #pull(Query, String)}; does not block.
     *
     * @param query   the items to pull
     * @param queryId names the incremental sync of this query, or {@code null} to read the whole query
     * @param options page size, maximum, progress and reconciliation
     * @return what the pull did
     */
    public CompletableFuture<PullResult> pull(Query query, String queryId, PullOptions options) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        return async.run(() -> engine.pull(name, query, queryId, options));
    }

    /**
     * Removes the local items that match the query and forgets the table's delta tokens. Pushes first when the
     * table has pending changes, and fails without removing anything when that push does not complete. Does not
     * block: the purge runs on the client's executor and the future completes on the callback executor.
     *
     * @param query the items to remove
     * @return completes when they are removed
     */
    public CompletableFuture<Void> purge(Query query) {
        Objects.requireNonNull(query, "query");
        return async.run(() -> {
            engine.purge(name, query);
            return null;
        });
    }

    /**
     * Removes every local item of the table, discards its pending operations and their errors, and forgets its
     * delta tokens. Unpushed changes of this table are lost. Blocks until a running push ends, then while the store
     * commits: call it from a thread of yours, not from the delegate or a conflict handler, whose push it would wait
     * for.
     */
    public void forcePurge() {
        engine.forcePurge(name);
    }

    /**
     * Decides this table's conflicts while they are pushed: the handler gets this device's and the server's items
     * as {@code T} and answers {@link Conflict#useClient()}, {@link Conflict#useServer()}, {@link Conflict#cancel()}
     * or {@link Conflict#merge}; versions are taken care of. When the server refuses the item again (another device
     * changed it meanwhile), the handler is asked again ({@link Conflict#attempt()}). It hears the conflicts the
     * client's {@link SyncContextDelegate} lets through (the default delegate lets every one through); an exception
     * it throws leaves the conflict as an {@link OperationError}. One handler per table name; {@code null} removes
     * it, and without one a conflict becomes an {@link OperationError} (see {@link #errors()}).
     *
     * <p>Does not block; the handler answers the conflicts met after this call returns. It is called on the thread
     * pushing the operation (the client's executor, or a sender thread with a parallel push) and may block.
     *
     * @param handler answers each conflict of this table, or {@code null} for none
     */
    public void onConflict(Conflict.Handler<T> handler) {
        conflicts.set(name, handler == null ? null : (operation, conflict, attempt) -> handler.resolve(new Conflict<>(
                name, operation.itemId(), operation.kind(), conflict.status(), attempt,
                items.fromJsonOrNull(operation.item()), serverItem(conflict), items)));
    }

    private T serverItem(ConflictException conflict) {
        ObjectNode server = conflict.serverItem();
        return server == null || server.path(SystemColumns.DELETED).asBoolean(false) ? null : items.fromJson(server);
    }

    /**
     * The unresolved errors of this table's rejected operations, persisted across restarts, with this device's and
     * the server's items as {@code T} and resolutions that take care of versions. A local change of an item
     * supersedes its error: the item is not listed again unless the server rejects the newer change too (see
     * {@link ItemError}). Blocks while the store reads.
     *
     * @return the errors, in queue order
     */
    public List<ItemError<T>> errors() {
        List<ItemError<T>> errors = new ArrayList<>();
        for (OperationError error : engine.errors()) {
            if (error.table().equals(name)) {
                errors.add(new ItemError<>(error, items));
            }
        }
        return errors;
    }

    private ObjectNode toJson(T item) {
        Objects.requireNonNull(item, "item");
        if (item instanceof ObjectNode node) {
            return node;
        }
        JsonNode node = mapper.valueToTree(item);
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidItemException("An item of " + name + " must map to a JSON object, but "
                    + item.getClass().getName() + " maps to " + node.getNodeType());
        }
        return object;
    }

    private T fromJson(ObjectNode node) {
        if (type == ObjectNode.class) {
            return type.cast(node);
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidItemException("Item '" + node.path("id").asText() + "' of " + name + " cannot be read as "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }
}

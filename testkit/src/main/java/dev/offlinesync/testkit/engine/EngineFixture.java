package dev.offlinesync.testkit.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeTableService;
import dev.offlinesync.testkit.RecordedRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** What the engine contract tests share: a fake service with a {@code TodoItem} table and clients on it. */
public interface EngineFixture {

    /** {@return the service every client of this test talks to} */
    FakeTableService service();

    /**
     * A new client with a fresh store of the store under test.
     *
     * @param delegate the client's delegate, or {@code null} for the default
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDelegate delegate);

    /**
     * A new client with a fresh store on another service of this dialect (one built with other settings).
     *
     * @param otherService the other service
     * @return a new client with a fresh store on another service of this dialect (one built with other settings)
     */
    SyncClient newClient(FakeTableService otherService);

    /** {@return the protocol of {@link #service()} and of every client of the test} */
    default ProtocolDialect dialect() {
        return ProtocolDialect.MOBILE_APPS;
    }

    /** {@return the test's first client (made on first use)} */
    SyncClient client();

    /** {@return the {@code TodoItem} table of {@link #client()}} */
    default SyncTable<ObjectNode> todos() {
        return client().table("TodoItem");
    }

    /**
     * A {@code TodoItem} as JSON.
     *
     * @param id       the id, or {@code null} to let the client assign one
     * @param text     the text
     * @param complete whether it is done
     * @return the item
     */
    static ObjectNode item(String id, String text, boolean complete) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        if (id != null) {
            item.put("id", id);
        }
        item.put("text", text);
        item.put("complete", complete);
        return item;
    }

    /**
     * Whether pulls move by an exact (updatedAt, id) keyset: where the servers keep updatedAt as they send it
     * (Mobile Apps). Elsewhere a pull reads by millisecond buckets and reads the millisecond it stopped at again,
     * so rows may come twice (never not at all) and request counts differ.
     *
     * @return whether pulls move by an exact (updatedAt, id) keyset: where the servers keep updatedAt as they
     *         send it (Mobile Apps)
     */
    default boolean exactCursor() {
        return dialect() == ProtocolDialect.MOBILE_APPS;
    }

    /**
     * The wire name of a system column in {@link #dialect()} ({@code __updatedAt} on Mobile Services).
     *
     * @param localName the local name
     * @return the wire name of a system column in {@link #dialect()} ({@code __updatedAt} on Mobile Services)
     */
    default String wireName(String localName) {
        return dialect() == ProtocolDialect.MOBILE_SERVICES && !localName.equals("id") ? "__" + localName : localName;
    }

    /**
     * A query parameter whose name may come in any case (the servers differ in the case they expect).
     *
     * @param request the request
     * @param name the name
     * @return a query parameter whose name may come in any case (the servers differ in the case they expect)
     */
    static String parameterIgnoringCase(RecordedRequest request, String name) {
        return request.query().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * {@return the method of an update in {@link #dialect()}: a full {@code PUT} on Datasync, {@code PATCH} elsewhere}
     */
    default String updateMethod() {
        return dialect() == ProtocolDialect.DATASYNC ? "PUT" : "PATCH";
    }

    /**
     * The request line of an update of item {@code id}, e.g. {@code "PATCH /tables/TodoItem/a"}.
     *
     * @param id the id
     * @return the request line of an update of item {@code id}, e.g
     */
    default String updateLine(String id) {
        return updateMethod() + " /tables/TodoItem/" + id;
    }

    /**
     * The server's copy of an item (soft-deleted too), with the local names of the system columns.
     *
     * @param id the id
     * @return the server's copy of an item (soft-deleted too), with the local names of the system columns
     */
    default ObjectNode serverItem(String id) {
        ObjectNode wire = service().item("TodoItem", id).orElseThrow();
        ObjectNode local = JsonNodeFactory.instance.objectNode();
        wire.fields().forEachRemaining(e -> local.set(e.getKey().startsWith("__") ? e.getKey().substring(2) : e.getKey(),
                e.getValue()));
        return local;
    }

    /**
     * An item as the server of {@link #dialect()} would write it, for canned answers: the system columns under
     * the dialect's names, {@code createdAt} only where the server has one.
     *
     * @param id the id
     * @param text the text
     * @param version the version
     * @param updatedAt the updated at
     * @return an item as the server of {@link #dialect()} would write it, for canned answers: the system columns
     *         under the dialect's names, {@code createdAt} only where the server has one
     */
    default String wireItem(String id, String text, String version, String updatedAt) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        String prefix = dialect() == ProtocolDialect.MOBILE_SERVICES ? "__" : "";
        item.put("id", id);
        item.put("text", text);
        item.put(prefix + "version", version);
        item.put(prefix + "updatedAt", updatedAt);
        if (dialect() != ProtocolDialect.DATASYNC) {
            item.put(prefix + "createdAt", updatedAt);
        }
        return item.toString();
    }

    /**
     * Another client changes an item's text on the server (its version and updatedAt move on).
     *
     * @param id the id
     * @param text the text
     */
    default void changedOnServer(String id, String text) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        changes.put("text", text);
        service().updateDirect("TodoItem", id, changes);
    }

    /**
     * Makes item {@code id} conflict: it is pushed, changed on the server ("theirs"), and edited locally
     * ("mine, edited"), so the next push of {@link #client()} gets a 412.
     *
     * @param id the item's id
     */
    default void conflicting(String id) {
        todos().insert(item(id, "mine", false));
        await(client().syncContext().push());
        changedOnServer(id, "theirs");
        todos().update(item(id, "mine, edited", false));
    }

    /**
     * The kind and item id of each queued operation, e.g. {@code "INSERT a"}.
     *
     * @param syncClient the client whose queue to read
     * @return one line per operation, in push order
     */
    default List<String> queue(SyncClient syncClient) {
        return syncClient.syncContext().pendingOperations().stream()
                .map(op -> op.kind() + " " + op.itemId()).toList();
    }

    /**
     * {@return the queue of {@link #client()}, as {@link #queue(SyncClient)} gives it}
     */
    default List<String> queue() {
        return queue(client());
    }

    /**
     * {@return the queued operations of {@link #client()}, in push order}
     */
    default List<PendingOperation> pending() {
        return client().syncContext().pendingOperations();
    }

    /** {@return the requests the service received, as {@code "POST /tables/TodoItem"} lines} */
    default List<String> requestLines() {
        return service().requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /**
     * {@return the requests the service received, oldest first}
     */
    default List<RecordedRequest> requests() {
        return service().requests();
    }

    /**
     * Waits (30 s at most) for a future and unwraps its failure.
     *
     * @param <T>    the result type
     * @param future the future
     * @return its result
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("future failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no result within 30 s (deadlock?)", e);
        }
    }

    /**
     * The kinds of the operations, comma-separated, e.g. {@code "INSERT,UPDATE"}.
     *
     * @param ops the operations
     * @return the kinds
     */
    static String kinds(List<PendingOperation> ops) {
        return String.join(",", ops.stream().map(PendingOperation::kind).map(OperationKind::name).toList());
    }
}

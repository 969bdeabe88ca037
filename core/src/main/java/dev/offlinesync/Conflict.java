package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A push meeting another device's change on a typed table, as {@link SyncTable#onConflict} hands it over: this
 * device's item and the server's as {@code T}, and one-call answers that take care of versions. Its methods may be
 * called from any thread and do not block; the answer counts only when the handler returns it.
 *
 * <pre>{@code
 * todos.onConflict(conflict -> conflict.server() == null || conflict.client().complete()
 *         ? conflict.useClient()
 *         : conflict.merge(conflict.server().withText(conflict.client().text())));
 * }</pre>
 *
 * @param <T> the table's item type
 */
public final class Conflict<T> {

    /**
     * Decides a table's conflicts during a push. Called on the thread pushing the operation: the client's
     * executor, one conflict at a time, or with {@link SyncClient.Builder#pushParallelism(int)} above 1 the push's
     * sender threads, concurrently for different items (never for two operations of one item), so a handler must
     * then be thread-safe. It may block (for example while a person answers a dialog), holding up that operation
     * and its item's later ones. An exception it throws is recorded as the operation's {@link OperationError}, and
     * the operation stays queued.
     *
     * @param <T> the table's item type
     */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * Answers one conflict.
         *
         * @param conflict both items and the answers to choose from
         * @return one of the conflict's answers: {@link Conflict#useClient()}, {@link Conflict#useServer()},
         *         {@link Conflict#cancel()} or {@link Conflict#merge}
         */
        Resolution resolve(Conflict<T> conflict);
    }

    /** An answer to a conflict; made only by the conflict's own methods. */
    public static final class Resolution {
        enum Kind { USE_CLIENT, USE_SERVER, CANCEL, MERGE }

        private final Kind kind;
        private final ObjectNode merged;

        private Resolution(Kind kind, ObjectNode merged) {
            this.kind = kind;
            this.merged = merged;
        }

        Kind kind() {
            return kind;
        }

        ObjectNode merged() {
            return merged;
        }

        @Override
        public String toString() {
            return kind.name();
        }
    }

    private final String table;
    private final String itemId;
    private final OperationKind kind;
    private final int status;
    private final int attempt;
    private final T client;
    private final T server;
    private final TypedItems<T> items;

    Conflict(String table, String itemId, OperationKind kind, int status, int attempt, T client, T server,
             TypedItems<T> items) {
        this.table = table;
        this.itemId = itemId;
        this.kind = kind;
        this.status = status;
        this.attempt = attempt;
        this.client = client;
        this.server = server;
        this.items = items;
    }

    /**
     * The table's name.
     *
     * @return the name, on the server and locally
     */
    public String table() {
        return table;
    }

    /**
     * The id of the item both devices changed.
     *
     * @return the item's id
     */
    public String itemId() {
        return itemId;
    }

    /**
     * What this device's queued change is.
     *
     * @return insert, update or delete
     */
    public OperationKind kind() {
        return kind;
    }

    /**
     * The server's answer.
     *
     * @return 412 (the item changed since this device read it) or 409
     */
    public int status() {
        return status;
    }

    /**
     * 1 for the first conflict of this change in a push; 2 when the server refused it again after
     * {@link #useClient()} or {@link #merge} (another device changed the item meanwhile), and so on.
     *
     * @return the attempt, from 1
     */
    public int attempt() {
        return attempt;
    }

    /**
     * This device's item.
     *
     * @return the item as this device tried to send it (for a delete, the last known item)
     */
    public T client() {
        return client;
    }

    /**
     * The server's item.
     *
     * @return the server's current item, or {@code null} when the server did not send it and it could not be
     *         fetched (or it is deleted there)
     */
    public T server() {
        return server;
    }

    /**
     * This device's item wins: it is sent again based on the server's version. Without a {@link #server()} item
     * there is no version to base it on, and the conflict is recorded as an {@link OperationError} instead.
     *
     * @return the answer to return from the handler
     */
    public Resolution useClient() {
        return new Resolution(Resolution.Kind.USE_CLIENT, null);
    }

    /**
     * The server's item wins: the local row becomes {@link #server()} and this device's change is dropped. Without
     * a server item the conflict is recorded as an {@link OperationError} instead.
     *
     * @return the answer to return from the handler
     */
    public Resolution useServer() {
        return new Resolution(Resolution.Kind.USE_SERVER, null);
    }

    /**
     * Decide later: the push stops here ({@link PushResult.AbortReason#CANCELLED}) and the change stays queued as
     * it is, to be pushed (and conflict again) at the next push.
     *
     * @return the answer to return from the handler
     */
    public Resolution cancel() {
        return new Resolution(Resolution.Kind.CANCEL, null);
    }

    /**
     * A merged item wins: it is sent based on the server's version, and becomes the local row once the server took
     * it. Its id and system columns ({@code version}, {@code updatedAt}, ...) are ignored; fields it does not
     * carry keep this device's values.
     *
     * @param merged the item to send
     * @return the answer to return from the handler
     * @throws InvalidItemException for a delete (use {@link #useClient()} to delete, {@link #useServer()} to keep
     *                              the server's item), or when {@code merged} is {@code null}
     */
    public Resolution merge(T merged) {
        if (kind == OperationKind.DELETE) {
            throw new InvalidItemException("Item '" + itemId + "' of " + table + " is being deleted here: a delete"
                    + " cannot be merged; use useClient() to delete it or useServer() to keep the server's item");
        }
        Objects.requireNonNull(merged, "merged: pass the item to send, e.g. server() with some of client()'s values");
        return new Resolution(Resolution.Kind.MERGE, items.toJson(merged));
    }

    @Override
    public String toString() {
        return "Conflict[" + kind + " " + table + "/" + itemId + " status " + status + ", attempt " + attempt + "]";
    }
}

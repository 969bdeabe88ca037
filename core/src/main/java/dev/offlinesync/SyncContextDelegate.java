package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hooks around a push, for conflict handling in code. Most applications need none: a table's
 * {@link SyncTable#onConflict} handler answers its conflicts with typed items and takes care of versions; it
 * hears the conflicts this delegate lets through. Called on the client's executor, one operation at a time;
 * it may block (for example while a user answers a dialog). The push writes the previous operation's outcome to
 * the store while this one is sent, so {@link #onOperation} may run before that outcome is committed.
 *
 * <p>With {@link SyncClient.Builder#pushParallelism(int)} above 1, {@link #onOperation} is called from the push's
 * own sender threads, concurrently for operations on different items (so an implementation must be thread-safe),
 * but never concurrently for two operations of one item, whose calls come one after the other in queue order.
 * {@link #onPushComplete} is still called once, after every call of the push returned.
 */
public interface SyncContextDelegate {

    /**
     * Pushes one operation. The default just executes it. An implementation may catch
     * {@link ConflictException} and then: set the item with the server's version and execute again (client
     * wins), return {@link ConflictException#serverItem()} (server wins: the local row becomes the server's and
     * the operation is done), or call {@link TableOperation#cancelPush()} and rethrow (the operation stays
     * queued). An exception that leaves this method is recorded as the operation's error.
     *
     * @param operation the operation about to be pushed
     * @return the server's item for the operation ({@code null} for a delete)
     */
    default ObjectNode onOperation(TableOperation operation) {
        return operation.execute();
    }

    /**
     * Called once per push, after the last operation, before the push's future completes.
     *
     * @param result what the push did
     */
    default void onPushComplete(PushResult result) {
    }
}

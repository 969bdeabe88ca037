package dev.offlinesync.examples.todo;

/**
 * Asks what to do when the server rejects a pushed change because its copy of the item changed. Called on a
 * sync worker thread (never the UI thread), once per rejection: it may block while a person decides.
 */
@FunctionalInterface
public interface ConflictResolver {

    /** The three answers of the walkthrough's "Server Conflict" dialog. */
    enum Resolution {
        /** Send my item again with the server's version: my values win. */
        USE_CLIENT,
        /** Take the server's item: the local row becomes the server's and my change is dropped. */
        USE_SERVER,
        /** Stop the push: my change stays queued and is offered again at the next sync. */
        CANCEL
    }

    /**
     * One rejected change.
     *
     * @param mine    the item as this device tried to send it ({@code null} fields for a delete)
     * @param server  the server's current item, or {@code null} when the server did not say
     * @param deleted whether this device's change is a delete
     * @param attempt 1 for the first rejection of this change in this push, 2 when the server rejected it
     *                again after "Use Client" (someone changed it meanwhile), ...
     */
    record Conflict(TodoItem mine, TodoItem server, boolean deleted, int attempt) {
    }

    Resolution resolve(Conflict conflict);
}

package dev.offlinesync;

/**
 * What a pull did.
 *
 * @param table     the table pulled
 * @param requests  list requests sent to the server
 * @param received  rows the server sent (including deletions)
 * @param upserted  rows written locally
 * @param deleted   local rows removed because the server deleted them
 * @param unchanged rows skipped because the local row already had the server's version
 * @param skippedPending rows skipped because the item has a queued local change
 * @param removedStale local rows a reconciling pull removed because the server no longer returns them for the
 *                     query ({@link PullOptions#withReconcile}); 0 for other pulls
 */
public record PullResult(String table, int requests, long received, long upserted, long deleted, long unchanged,
                         long skippedPending, long removedStale) {

    /**
     * The result of a pull that did not reconcile.
     *
     * @param table          the table pulled
     * @param requests       list requests sent to the server
     * @param received       rows the server sent (including deletions)
     * @param upserted       rows written locally
     * @param deleted        local rows removed because the server deleted them
     * @param unchanged      rows skipped because the local row already had the server's version
     * @param skippedPending rows skipped because the item has a queued local change
     */
    public PullResult(String table, int requests, long received, long upserted, long deleted, long unchanged,
                      long skippedPending) {
        this(table, requests, received, upserted, deleted, unchanged, skippedPending, 0);
    }
}

/**
 * The public API of offlinesync. Start with {@link dev.offlinesync.SyncClient#builder(java.net.URI)}: give it a
 * store, get {@link dev.offlinesync.SyncTable}s for local reads and writes (each write queued in the same
 * transaction), and use {@link dev.offlinesync.SyncContext#push()} and
 * {@link dev.offlinesync.SyncTable#pull(dev.offlinesync.Query, String)} to sync. Conflicts are decided per table
 * with {@link dev.offlinesync.SyncTable#onConflict} while pushing, or later through
 * {@link dev.offlinesync.SyncTable#errors()}; {@link dev.offlinesync.SyncContextDelegate} and
 * {@link dev.offlinesync.OperationError} are the untyped layer beneath. Every
 * exception is an unchecked {@link dev.offlinesync.SyncException}.
 *
 * <p>Threads: the client, its tables and context may be used from any thread, and each method says whether it
 * blocks; values ({@code Query}, {@code Filter}, {@code PullOptions}, {@code RetryPolicy}, the results and
 * records) are immutable, safe on any thread and never block. Callbacks the application gives (token suppliers,
 * the authenticator, the delegate, conflict handlers, event listeners) say on which threads they are called.
 */
package dev.offlinesync;

package dev.offlinesync.spi;

import java.util.function.Function;

/**
 * A local store for sync tables and the engine's own system tables (operation queue, errors, config). It is
 * the only thing a store implements; the testkit's contract suite defines what a correct one does.
 *
 * <p>All methods are safe to call from several threads. Outside {@link #transaction}, each call is atomic
 * on its own. The engine calls a store from the application's threads (local reads and writes), the client's
 * executor and push sender threads (push and pull bookkeeping) and the callback executor (live queries); every
 * call may block, on I/O and on other threads' transactions.
 */
public interface SyncContextDataSource extends StoreOperations, AutoCloseable {

    /**
     * Defines (creates, or opens and upgrades) a table. Calling it again with the same definition does
     * nothing; with more columns it adds them, keeping existing rows. Must be called before the table is
     * used.
     *
     * @param definition the table's name and columns
     * @throws dev.offlinesync.InvalidItemException when the store cannot hold a name of the definition: a table
     *         name that differs only in case from another table's, a column name that differs only in case from
     *         another column's of the table, or a name the store reserves for itself. The message names the rule;
     *         nothing is changed.
     */
    void defineTable(TableDefinition definition);

    /**
     * Runs work in one transaction: all its writes commit together when it returns, or none of them do when
     * it throws (the exception is rethrown unchanged). Inside, reads see the transaction's own writes, and
     * other threads' transactions wait or do not see them until commit. Nested calls on the same thread join
     * the outer transaction.
     *
     * @param <T>  what the work returns
     * @param work the reads and writes, on the transaction's operations
     * @return what the work returned
     */
    <T> T transaction(Function<StoreOperations, T> work);

    /** Releases the store's resources. Later calls fail. */
    @Override
    void close();
}

package dev.offlinesync.testkit;

import dev.offlinesync.spi.SyncContextDataSource;

/**
 * The contract of a store that keeps its data across {@code close()}: everything of {@link StoreContractTest}
 * plus the persistence tests. Implement {@link #createStore()} (a new, empty database per test) and
 * {@link #reopen} (the same database again).
 */
public abstract class PersistentStoreContractTest extends StoreContractTest implements PersistenceContract {

    /** For the store's test class, which implements {@link #createStore()} and {@link #reopen}. */
    protected PersistentStoreContractTest() {
    }

    /**
     * Opens again the data of a store that the test has just closed, as an app does on its next start; the
     * suite closes the returned store after the test.
     *
     * @param closed the store the test closed
     * @return a store on the same data
     */
    protected abstract SyncContextDataSource reopen(SyncContextDataSource closed);

    @Override
    public final SyncContextDataSource closeAndReopen() {
        SyncContextDataSource closed = store();
        closed.close();
        replaceCurrent(reopen(closed));
        return store();
    }
}

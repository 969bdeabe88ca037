package dev.offlinesync.testkit;

import dev.offlinesync.spi.SyncContextDataSource;

/**
 * The contract of a store that keeps its data across {@code close()}: everything of {@link StoreContractTest}
 * plus the persistence tests. Implement {@link #createStore()} (a new, empty database per test) and
 * {@link #reopen} (the same database again; also called while the first store is open, by
 * {@link #openAlongside}, to share the database as a second client would).
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

    /**
     * Opens a second store on the data of the test's store, which stays open, as another client or process sharing
     * the database would. The default is {@link #reopen}; a store whose {@code reopen} needs the first one closed
     * overrides this.
     *
     * @param open the test's store, still open
     * @return a second store on the same data
     */
    protected SyncContextDataSource openAlongside(SyncContextDataSource open) {
        return reopen(open);
    }

    @Override
    public final SyncContextDataSource openSecondStore() {
        SyncContextDataSource second = openAlongside(store());
        closeAfterTest(second);
        return second;
    }

    @Override
    public final SyncContextDataSource closeAndReopen() {
        SyncContextDataSource closed = store();
        closed.close();
        replaceCurrent(reopen(closed));
        return store();
    }
}

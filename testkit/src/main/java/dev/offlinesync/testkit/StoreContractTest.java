package dev.offlinesync.testkit;

import dev.offlinesync.spi.SyncContextDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link SyncContextDataSource} must meet. To test a store, extend this class and
 * implement {@link #createStore()}; a persistent store also overrides {@link #reopen} so that the persistence
 * tests run. A store is correct when the whole suite passes; the only tests allowed to skip are the
 * persistence tests, and only for a store that is not persistent.
 *
 * <pre>{@code
 * class MemoryStoreContractTest extends StoreContractTest {
 *     protected SyncContextDataSource createStore() {
 *         return new MemoryStore();
 *     }
 * }
 * }</pre>
 *
 * <p>The tests are grouped by subject in the interfaces this class implements: {@link CrudContract},
 * {@link ValueContract}, {@link PredicateContract}, {@link StringMatchContract}, {@link OrderingContract},
 * {@link TransactionContract}, {@link ConcurrencyContract}, {@link SchemaContract},
 * {@link SystemTableContract} and {@link LifecycleContract}.
 */
public abstract class StoreContractTest implements CrudContract, ValueContract, PredicateContract,
        StringMatchContract, OrderingContract, TransactionContract, ConcurrencyContract, SchemaContract,
        SystemTableContract, LifecycleContract {

    /** Every store opened for the running test, newest first; all are closed after it. */
    private final Deque<SyncContextDataSource> opened = new ArrayDeque<>();

    private SyncContextDataSource current;

    /** A new, empty store; called once before each test. The suite closes it after the test. */
    protected abstract SyncContextDataSource createStore();

    /**
     * Opens again the data of a store that the test has just closed, as an app does on its next start; the
     * suite closes the returned store after the test. Returns {@code null} (the default) when the store keeps
     * nothing across {@code close()}; the persistence tests then skip themselves.
     */
    protected SyncContextDataSource reopen(SyncContextDataSource closed) {
        return null;
    }

    @BeforeEach
    protected final void openFreshStore() {
        current = createStore();
        assertNotNull(current, "createStore() returned null");
        opened.push(current);
    }

    @AfterEach
    protected final void closeStores() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public final SyncContextDataSource store() {
        return current;
    }

    @Override
    public final SyncContextDataSource closeAndReopen() {
        SyncContextDataSource closed = current;
        closed.close();
        SyncContextDataSource again = reopen(closed);
        assumeTrue(again != null, () -> getClass().getSimpleName() + ": the store is not persistent"
                + " (reopen() returned null), so there is nothing to check after a reopen");
        opened.push(again);
        current = again;
        return again;
    }
}

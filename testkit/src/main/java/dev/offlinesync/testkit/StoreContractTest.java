package dev.offlinesync.testkit;

import dev.offlinesync.spi.SyncContextDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link SyncContextDataSource} must meet. To test a store, extend this class and
 * implement {@link #createStore()}; a persistent store extends {@link PersistentStoreContractTest} instead, which
 * adds the reopen tests. A store is correct when the whole suite passes with nothing skipped.
 *
 * <pre>{@code
 * class MemoryStoreContractTest extends StoreContractTest {
 *     protected SyncContextDataSource createStore() {
 *         return new MemoryStore();
 *     }
 * }
 * }</pre>
 *
 * <p>Every test runs on its own thread and fails after two minutes, so that a store that deadlocks fails the
 * suite instead of hanging it.
 *
 * <p>The tests are grouped by subject in the interfaces this class implements: {@code CrudContract},
 * {@code ValueContract}, {@code PredicateContract}, {@code StringMatchContract}, {@code OrderingContract},
 * {@code TransactionContract}, {@code ConcurrencyContract}, {@code SchemaContract},
 * {@code SystemTableContract}, {@code NumberingContract}, {@code VersionedWriteContract},
 * {@code VersionedWriteIdsContract} and
 * {@code LifecycleContract}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class StoreContractTest implements CrudContract, ValueContract, PredicateContract,
        StringMatchContract, OrderingContract, TransactionContract, ConcurrencyContract, SchemaContract,
        SystemTableContract, NumberingContract, VersionedWriteContract, LifecycleContract,
        VersionedWriteIdsContract {

    /** For the store's test class, which implements {@link #createStore()}. */
    protected StoreContractTest() {
    }

    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    /** Every store opened for the running test, newest first; all are closed after it. */
    private final Deque<SyncContextDataSource> opened = new ConcurrentLinkedDeque<>();

    private volatile SyncContextDataSource current;

    /** {@return a new, empty store; called once before each test. The suite closes it after the test} */
    protected abstract SyncContextDataSource createStore();

    /** Opens the test's store with {@link #createStore()}. */
    @BeforeEach
    protected final void openFreshStore() {
        current = createStore();
        assertNotNull(current, "createStore() returned null");
        opened.push(current);
    }

    /**
     * Closes every store the test opened. The closing runs on its own daemon thread, bounded in time: a store
     * left locked by a test that timed out fails here instead of hanging the build.
     *
     * @throws InterruptedException when interrupted while waiting for the stores to close
     */
    @AfterEach
    protected final void closeStores() throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (RuntimeException e) {
                    if (!failure.compareAndSet(null, e)) {
                        failure.get().addSuppressed(e);
                    }
                }
            }
        }, "contract-store-closer");
        closer.setDaemon(true);
        closer.start();
        closer.join(CLOSE_LIMIT.toMillis());
        if (closer.isAlive()) {
            fail("close() did not return within " + CLOSE_LIMIT.toSeconds() + " s; is the store still locked by a"
                    + " transaction that never ended?");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public final SyncContextDataSource store() {
        return current;
    }

    /** Closes a store the test opened beside its current one after the test, with the others. */
    final void closeAfterTest(SyncContextDataSource store) {
        assertNotNull(store, "the store factory returned null");
        opened.push(store);
    }

    /** Makes another store the test's current one; the suite closes it after the test. */
    final void replaceCurrent(SyncContextDataSource store) {
        assertNotNull(store, "the store factory returned null");
        opened.push(store);
        current = store;
    }
}

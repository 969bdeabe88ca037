package dev.offlinesync.testkit.engine;

import dev.offlinesync.SyncClient;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeTableService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the engine contract test classes share: the in-process {@link FakeTableService} started for each test, and
 * the clients the tests make on stores of the kind under test, closed after each test.
 */
public abstract class EngineContractSupport {

    /** For the contract test classes. */
    protected EngineContractSupport() {
    }

    /** {@return the protocol of {@link #service()} and of every client of the test} */
    public ProtocolDialect dialect() {
        return ProtocolDialect.MOBILE_APPS;
    }

    /** {@return the push parallelism of every client the tests make, unless a test sets its own} */
    protected int pushParallelism() {
        return 1;
    }

    private FakeTableService service;
    private final List<SyncClient> clients = new ArrayList<>();
    private SyncClient first;

    /** {@return a new, empty store of the kind under test; the client that uses it closes it} */
    protected abstract SyncContextDataSource createStore();

    @BeforeEach
    void startService() {
        service = FakeTableService.start(dialect()).defineTable("TodoItem");
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(SyncClient::close);
        service.close();
    }

    /**
     * The fake table service this test talks to (started before each test, closed after it).
     *
     * @return the service
     */
    public FakeTableService service() {
        return service;
    }

    /**
     * The test's first client on a store of its own, made on first use.
     *
     * @return the client, closed after the test
     */
    public SyncClient client() {
        if (first == null) {
            first = newClient((SyncContextDelegate) null);
        }
        return first;
    }

    /**
     * Another client on a new store, with this delegate (null: the default one).
     *
     * @param delegate the delegate, or null for the default one
     * @return the client, closed after the test
     */
    public SyncClient newClient(SyncContextDelegate delegate) {
        return track(builder(createStore()).delegate(delegate).build());
    }

    /**
     * Another client on a new store, talking to another service.
     *
     * @param otherService the service the client talks to
     * @return the client, closed after the test
     */
    public SyncClient newClient(FakeTableService otherService) {
        return track(builder(otherService, createStore()).build());
    }

    /**
     * A new, empty store of the kind under test.
     *
     * @return the store
     */
    public SyncContextDataSource newStore() {
        return createStore();
    }

    /**
     * Another client on this store (which another client may share), with this delegate.
     *
     * @param store the store the client uses
     * @param delegate the delegate, or null for the default one
     * @return the client, closed after the test
     */
    public SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate) {
        return track(builder(store).delegate(delegate).build());
    }

    /**
     * Another client on a new store, its builder changed by {@code configure} before it is built.
     *
     * @param configure changes to the client's builder
     * @return the client, closed after the test
     */
    public SyncClient newClient(UnaryOperator<SyncClient.Builder> configure) {
        return track(configure.apply(builder(createStore())).build());
    }

    /**
     * Another client on a store that fails on purpose, as the handle sets it up; the handle then holds that store.
     *
     * @param handle how the store fails; it receives the store
     * @return the client, closed after the test
     */
    public SyncClient newClient(AtomicityContract.FailingStoreHandle handle) {
        handle.store = new FailingStore(createStore());
        return track(handle.configure.apply(builder(handle.store)).build());
    }

    private SyncClient.Builder builder(SyncContextDataSource store) {
        return builder(service, store);
    }

    private SyncClient.Builder builder(FakeTableService server, SyncContextDataSource store) {
        return SyncClient.builder(server.uri()).store(store).dialect(dialect()).pushParallelism(pushParallelism())
                .applicationKey(server.applicationKey())
                .requestTimeout(Duration.ofSeconds(10))
                .retries(0, Duration.ofMillis(10));
    }

    private SyncClient track(SyncClient client) {
        clients.add(client);
        return client;
    }
}

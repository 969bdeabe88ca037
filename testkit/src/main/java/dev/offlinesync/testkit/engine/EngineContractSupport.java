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

    public FakeTableService service() {
        return service;
    }

    public SyncClient client() {
        if (first == null) {
            first = newClient((SyncContextDelegate) null);
        }
        return first;
    }

    public SyncClient newClient(SyncContextDelegate delegate) {
        return track(builder(createStore()).delegate(delegate).build());
    }

    public SyncClient newClient(FakeTableService otherService) {
        return track(builder(otherService, createStore()).build());
    }

    public SyncContextDataSource newStore() {
        return createStore();
    }

    public SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate) {
        return track(builder(store).delegate(delegate).build());
    }

    public SyncClient newClient(UnaryOperator<SyncClient.Builder> configure) {
        return track(configure.apply(builder(createStore())).build());
    }

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

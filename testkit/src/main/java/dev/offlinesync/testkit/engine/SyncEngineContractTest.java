package dev.offlinesync.testkit.engine;

import dev.offlinesync.SyncClient;
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
 * The engine's behaviour (queue, push, pull, purge, atomicity) on a store: extend it with a store factory and
 * every test runs on that store against an in-process {@link FakeTableService}.
 *
 * <pre>{@code
 * class SqliteEngineTest extends SyncEngineContractTest {
 *     protected SyncContextDataSource createStore() { return SqliteStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class SyncEngineContractTest
        implements QueueContract, PushContract, PullContract, PurgeContract, AtomicityContract, QueueSafetyContract,
        StatusContract,
        ParkingContract, ObservationContract, SyncEventsContract, CustomMapperContract,
        TypedConflictContract, OwnHttpClientContract, ParallelPushContract, FirstPullContract {

    /** For the store's test class, which implements {@link #createStore()}. */
    protected SyncEngineContractTest() {
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

    @Override
    public FakeTableService service() {
        return service;
    }

    @Override
    public SyncClient client() {
        if (first == null) {
            first = newClient((SyncContextDelegate) null);
        }
        return first;
    }

    @Override
    public SyncClient newClient(SyncContextDelegate delegate) {
        return track(builder(createStore()).delegate(delegate).build());
    }

    @Override
    public SyncClient newClient(FakeTableService otherService) {
        return track(builder(otherService, createStore()).build());
    }

    @Override
    public SyncContextDataSource newStore() {
        return createStore();
    }

    @Override
    public SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate) {
        return track(builder(store).delegate(delegate).build());
    }

    @Override
    public SyncClient newClient(UnaryOperator<SyncClient.Builder> configure) {
        return track(configure.apply(builder(createStore())).build());
    }

    @Override
    public SyncClient newClient(FailingStoreHandle handle) {
        handle.store = new FailingStore(createStore());
        return track(handle.configure.apply(builder(handle.store)).build());
    }

    private SyncClient.Builder builder(SyncContextDataSource store) {
        return builder(service, store);
    }

    private SyncClient.Builder builder(FakeTableService server, SyncContextDataSource store) {
        return SyncClient.builder(server.uri()).store(store).dialect(dialect())
                .applicationKey(server.applicationKey())
                .requestTimeout(Duration.ofSeconds(10))
                .retries(0, Duration.ofMillis(10));
    }

    private SyncClient track(SyncClient client) {
        clients.add(client);
        return client;
    }
}

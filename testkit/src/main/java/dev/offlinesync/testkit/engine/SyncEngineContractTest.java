package dev.offlinesync.testkit.engine;

/**
 * The engine's behaviour (queue, push, pull, purge, atomicity) on a store: extend it with a store factory and
 * every test runs on that store against an in-process {@link dev.offlinesync.testkit.FakeTableService}.
 *
 * <pre>{@code
 * class SqliteEngineTest extends SyncEngineContractTest {
 *     protected SyncContextDataSource createStore() { return SqliteStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class SyncEngineContractTest extends EngineContractSupport
        implements QueueContract, PushContract, PullContract, PurgeContract, AtomicityContract, QueueSafetyContract,
        StatusContract,
        ParkingContract, ObservationContract, SyncEventsContract, CustomMapperContract,
        TypedConflictContract, ErrorResolutionContract, OwnHttpClientContract, ParallelPushContract,
        FirstPullContract, PullCostContract, DeletedElsewhereContract, AbandonedPullContract,
        PushAheadContract, GoneAfterConflictContract, TakenAheadEditsContract,
        UndefinedTablePushContract, PulledPageEdgesContract, GoneAfterWriteConflictContract,
        ParallelBatchAnswersContract, OutlivedLeaseContract, OpenedTablesPushContract {

    /** For the store's test class, which implements {@link EngineContractSupport#createStore()}. */
    protected SyncEngineContractTest() {
    }
}

package dev.offlinesync.testkit.engine;

/**
 * The parking, queue-safety, outlived-lease and gone-after-conflict contracts again with every client pushing at {@code pushParallelism(4)}: what a
 * push promises about parked operations, in-flight marks and local writes during a push holds for a parallel push
 * too. Extend it with a store factory, as {@link SyncEngineContractTest}.
 */
public abstract class ParallelPushSafetyContractTest extends EngineContractSupport
        implements ParkingContract, QueueSafetyContract, OutlivedLeaseContract, GoneAfterConflictContract,
        GoneAfterWriteConflictContract {

    /** For the store's test class, which implements {@link EngineContractSupport#createStore()}. */
    protected ParallelPushSafetyContractTest() {
    }

    @Override
    protected int pushParallelism() {
        return 4;
    }
}

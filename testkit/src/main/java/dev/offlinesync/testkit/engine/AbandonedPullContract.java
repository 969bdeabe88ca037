package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.Query;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A pull that fails while the next page is being fetched ahead (a bad page, a store failure, a cancel, a timeout)
 * leaves nothing behind: once the fetch in flight ends, no thread of the pull is alive, and the next pull works. A
 * fetch that waits to retry (a long {@code Retry-After}) gives up its wait when the pull has ended.
 */
public interface AbandonedPullContract extends EngineFixture {

    /** Rows seeded on the server; pulled three to a page. */
    int ROWS = 9;
    /** The page size of these pulls. */
    int PAGE = 3;
    /**
     * How long a fetching thread may still take to end once the pull failed: longer than any fetch in flight here
     * (they are held for at most half a second), far shorter than the {@code Retry-After} a thread must not sit out.
     */
    Duration ENDS_WITHIN = Duration.ofSeconds(8);

    /**
     * A client whose store (the store under test) can be made to fail.
     *
     * @param handle switches the store's failures on and off
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(AtomicityContract.FailingStoreHandle handle);

    /**
     * Another client on a new store, its builder changed by {@code configure} before it is built.
     *
     * @param configure changes to the client's builder
     * @return the client, closed after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    private void seed() {
        for (int i = 0; i < ROWS; i++) {
            service().insertDirect("TodoItem", item("r" + i, "row " + i, false));
        }
    }

    /**
     * Answers the list requests from number {@code from} on (1: the first page, fetched by the pulling thread; 2: the
     * first page fetched ahead) as {@code answer} says, the others as usual.
     *
     * @return counted down when request {@code from} has arrived
     */
    private CountDownLatch onListRequestsFrom(int from, Function<RecordedRequest, FakeResponse> answer) {
        AtomicInteger lists = new AtomicInteger();
        CountDownLatch arrived = new CountDownLatch(1);
        service().intercept(r -> {
            if (!r.method().equals("GET") || !r.path().endsWith("/TodoItem") || lists.incrementAndGet() < from) {
                return null;
            }
            arrived.countDown();
            return answer.apply(r);
        });
        return arrived;
    }

    /** Pull options whose progress, after the first page is applied, waits for {@code arrived} and then acts. */
    private static PullOptions afterFirstPage(CountDownLatch arrived, Runnable then) {
        AtomicInteger pages = new AtomicInteger();
        return PullOptions.defaults().withPageSize(PAGE).withProgress(p -> {
            if (pages.incrementAndGet() == 1) {
                try {
                    if (!arrived.await(10, TimeUnit.SECONDS)) {
                        fail("the page fetched ahead was never asked for");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
                then.run();
            }
        });
    }

    /** Holds the answer for a while, then lets the service answer as usual. */
    private static FakeResponse heldFor(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static List<Thread> fetchingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("offlinesync-pull-")).toList();
    }

    /** Waits for every thread fetching pages to end, failing with their stacks if one is still there too long. */
    private static void noFetchingThreadIsLeft() {
        long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (!fetchingThreads().isEmpty()) {
            if (System.nanoTime() > deadline) {
                StringBuilder stacks = new StringBuilder();
                for (Thread t : fetchingThreads()) {
                    stacks.append(t.getName()).append(Arrays.toString(t.getStackTrace())).append('\n');
                }
                fail("a thread fetching pages is still alive " + ENDS_WITHIN + " after its pull failed:\n" + stacks);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** The server works as usual again; a pull gets every row. */
    private void theNextPullGetsEverything(SyncClient syncClient) {
        service().clearFaults();
        SyncTable<ObjectNode> table = syncClient.table("TodoItem");
        await(table.pull(Query.all(), "all", PullOptions.defaults().withPageSize(PAGE)));
        assertEquals(ROWS, table.read(Query.all()).items().size());
    }

    /**
     * Checks that a pull failing on a bad page leaves no fetching thread, and the next pull works.
     */
    @Test
    default void aPullFailingOnABadPageLeavesNoFetchingThread() {
        seed();
        onListRequestsFrom(2, r -> FakeResponse.json(200, "[{\"id\":"));

        assertThrows(SyncException.class,
                () -> await(todos().pull(Query.all(), "all", PullOptions.defaults().withPageSize(PAGE))));

        noFetchingThreadIsLeft();
        theNextPullGetsEverything(client());
    }

    /**
     * Checks that a pull failing in the store while the next page is in flight leaves no fetching thread once that
     * page has arrived, and the next pull works.
     */
    @Test
    default void aPullFailingInTheStoreWhileAPageIsInFlightLeavesNoFetchingThread() {
        seed();
        AtomicityContract.FailingStoreHandle handle = new AtomicityContract.FailingStoreHandle();
        SyncClient failing = newClient(handle);
        // every page after the first is slow: the store fails on the second while the third is in flight
        CountDownLatch asked = onListRequestsFrom(2, r -> heldFor(Duration.ofMillis(300)));

        assertThrows(SyncException.class, () -> await(failing.table("TodoItem")
                .pull(Query.all(), "all", afterFirstPage(asked, () -> handle.failWritesTo("TodoItem")))));

        noFetchingThreadIsLeft();
        handle.heal();
        theNextPullGetsEverything(failing);
    }

    /**
     * Checks that a pull cancelled (its thread interrupted) while the next page is in flight leaves no fetching
     * thread, and the next pull works.
     */
    @Test
    default void aPullCancelledWhileAPageIsInFlightLeavesNoFetchingThread() {
        seed();
        CountDownLatch asked = onListRequestsFrom(2, r -> heldFor(Duration.ofMillis(500)));
        // once the next page is asked for, the pulling thread is interrupted, as a closing client or a cancelled task
        // does
        PullOptions cancelled = afterFirstPage(asked, () -> Thread.currentThread().interrupt());

        assertThrows(SyncException.class, () -> await(todos().pull(Query.all(), "all", cancelled)));

        noFetchingThreadIsLeft();
        theNextPullGetsEverything(client());
    }

    /** Checks that a pull whose page fetched ahead times out leaves no fetching thread, and the next pull works. */
    @Test
    default void aPullWhosePageTimesOutLeavesNoFetchingThread() {
        seed();
        SyncClient impatient = newClient(builder -> builder.requestTimeout(Duration.ofMillis(300)));
        onListRequestsFrom(2, r -> heldFor(Duration.ofMillis(500)));

        assertThrows(SyncException.class, () -> await(impatient.table("TodoItem")
                .pull(Query.all(), "all", PullOptions.defaults().withPageSize(PAGE))));

        noFetchingThreadIsLeft();
        theNextPullGetsEverything(impatient);
    }

    /**
     * Checks that a pull cancelled while its page fetched ahead waits out a long {@code Retry-After} does not leave
     * that thread waiting: the wait holds no connection, so it is given up.
     */
    @Test
    default void aPullCancelledWhileItsNextPageWaitsOutARetryAfterLeavesNoThreadWaiting() {
        seed();
        SyncClient patient = newClient(builder -> builder
                .retryPolicy(RetryPolicy.DEFAULT.withMaxRetries(2).withMaxDelay(Duration.ofMinutes(2))));
        AtomicInteger busy = new AtomicInteger();
        CountDownLatch asked = onListRequestsFrom(2, r -> busy.getAndIncrement() > 0 ? null
                : FakeResponse.of(503, "application/json", "{\"error\":\"busy\"}", Map.of("Retry-After", "60")));
        PullOptions cancelled = afterFirstPage(asked, () -> Thread.currentThread().interrupt());

        assertThrows(SyncException.class, () -> await(patient.table("TodoItem").pull(Query.all(), "all", cancelled)));

        noFetchingThreadIsLeft();
        theNextPullGetsEverything(patient);
    }
}

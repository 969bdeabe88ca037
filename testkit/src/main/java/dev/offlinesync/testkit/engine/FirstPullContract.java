package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.RecordedRequest;
import dev.offlinesync.testkit.engine.AtomicityContract.FailingStoreHandle;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A first pull into an empty table skips reads and commits pages in fewer transactions, without losing anything a
 * pull that reads and commits page by page would do: tombstones of rows it wrote itself, rows changed locally
 * meanwhile, a cursor that always covers exactly the rows committed.
 */
public interface FirstPullContract extends EngineFixture {

    /**
     * A new client whose store fails when {@code handle} says so.
     *
     * @param handle switches the store's failures on and off
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(FailingStoreHandle handle);

    private void onServer(int count) {
        for (int i = 0; i < count; i++) {
            service().insertDirect("TodoItem", item(String.format("row-%03d", i), "server row " + i, false));
        }
        service().clearRequests();
    }

    private long listRequests() {
        return requests().stream().filter(RecordedRequest::isList).count();
    }

    private long localCount(SyncTable<ObjectNode> table) {
        return table.read(Query.all().includeTotalCount().top(0)).totalCount();
    }

    /** Checks that a first pull removes a row it wrote when a later page brings its tombstone. */
    @Test
    default void aFirstPullRemovesARowItWroteWhenALaterPageBringsItsTombstone() {
        onServer(4);
        service().setUpdatedAt("TodoItem", List.of("row-000", "row-001", "row-002", "row-003"),
                Instant.now().minusSeconds(3600)); // so that a deletion during the pull sorts after them all
        AtomicInteger lists = new AtomicInteger();
        service().intercept(request -> {
            if (request.isList() && lists.incrementAndGet() == 2) {
                service().deleteDirect("TodoItem", "row-000"); // its tombstone now sorts after every other row
            }
            return null;
        });

        PullResult result = await(todos().pull(Query.all(), "first", PullOptions.defaults().withPageSize(1)));

        assertEquals(5, result.received(), "row-000, row-001 to row-003, then row-000's tombstone");
        assertEquals(1, result.deleted());
        assertTrue(todos().lookup("row-000").isEmpty());
        assertEquals(3, localCount(todos()));
    }

    /** Checks that a first pull leaves alone a row inserted locally while it runs. */
    @Test
    default void aFirstPullLeavesAloneARowInsertedLocallyWhileItRuns() {
        onServer(4);
        AtomicInteger lists = new AtomicInteger();
        service().intercept(request -> {
            if (request.isList() && lists.incrementAndGet() == 2) {
                todos().insert(item("row-003", "mine", true)); // before the page that brings row-003 is asked for
            }
            return null;
        });

        PullResult result = await(todos().pull(Query.all(), null, PullOptions.defaults().withPageSize(1)));

        assertEquals(1, result.skippedPending());
        assertEquals("mine", todos().lookup("row-003").orElseThrow().get("text").asText());
        assertEquals(List.of("INSERT row-003"), queue());
    }

    /** Checks that a first pull commits the pages that arrived while it committed together. */
    @Test
    default void aFirstPullCommitsThePagesThatArrivedWhileItCommittedTogether() {
        onServer(50);
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncTable<ObjectNode> table = newClient(handle).table("TodoItem");
        AtomicInteger afterFirstPage = new AtomicInteger(-1);

        PullResult result = await(table.pull(Query.all(), "batched", PullOptions.defaults().withPageSize(10)
                .withProgress(progress -> {
                    if (afterFirstPage.get() < 0) {
                        // hold the pulling thread until pages 2 to 4 have been asked for
                        for (int wait = 0; wait < 500 && listRequests() < 4; wait++) {
                            sleepQuietly();
                        }
                        afterFirstPage.set(handle.commits());
                    }
                })));

        assertEquals(50, localCount(table));
        if (exactCursor()) { // a millisecond-bucket pull reads rows again, so its pages are not these five
            assertEquals(50, result.received());
            int commits = handle.commits() - afterFirstPage.get();
            assertTrue(commits < 4, "pages 2 to 5 took " + commits + " commits");
        }
    }

    /** Checks that a failed page stops a first pull after the pages before it with their cursor. */
    @Test
    default void aFailedPageStopsAFirstPullAfterThePagesBeforeItWithTheirCursor() {
        onServer(50);
        service().failListRequestAfter(2, 500);

        assertThrows(HttpStatusException.class,
                () -> await(todos().pull(Query.all(), "resumable", PullOptions.defaults().withPageSize(10))));

        long committed = localCount(todos());
        if (exactCursor()) {
            assertEquals(20, committed, "the two pages before the failed one, whole");
        } else { // the second answer may repeat rows of the first: the first page whole, nothing past the second
            assertTrue(committed >= 10 && committed <= 20, "the pages before the failed one, was " + committed);
        }
        service().clearFaults();
        PullResult resumed = await(todos().pull(Query.all(), "resumable", PullOptions.defaults().withPageSize(10)));
        if (exactCursor()) {
            assertEquals(30, resumed.received(), "from right after the rows committed");
        }
        assertEquals(50, localCount(todos()), "nothing lost");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

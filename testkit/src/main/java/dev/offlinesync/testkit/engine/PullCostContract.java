package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.RecordedRequest;
import dev.offlinesync.testkit.engine.AtomicityContract.FailingStoreHandle;
import org.junit.jupiter.api.Test;

/**
 * What a pull into a table that already holds the server's rows costs: one store transaction to learn whether to
 * push first and where to start, one request, and one transaction per page that brings something.
 */
public interface PullCostContract extends EngineFixture {

    /**
     * A new client whose store counts its commits.
     *
     * @param handle gives the store's commit count
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(FailingStoreHandle handle);

    private long listRequests() {
        return requests().stream().filter(RecordedRequest::isList).count();
    }

    /** Checks that a pull that finds nothing new asks the server once and commits one transaction. */
    @Test
    default void aPullThatFindsNothingNewAsksOnceAndCommitsOnce() {
        for (int i = 0; i < 3; i++) {
            service().insertDirect("TodoItem", item("row-" + i, "server row " + i, false));
        }
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncTable<ObjectNode> table = newClient(handle).table("TodoItem");
        await(table.pull(Query.all(), "q"));
        service().clearRequests();
        int before = handle.commits();

        PullResult result = await(table.pull(Query.all(), "q"));

        assertEquals(0, result.received() - result.unchanged(), "nothing new");
        assertEquals(1, listRequests());
        if (exactCursor()) {
            assertEquals(1, handle.commits() - before, "the transaction that reads where the pull starts");
        } else { // the cursor's millisecond is read again, and its rows are applied as unchanged with the cursor
            assertEquals(2, handle.commits() - before, "the start, then the millisecond read again");
        }
    }

    /** Checks that a pull that brings one page commits it in one transaction after the one it starts with. */
    @Test
    default void aPullThatBringsOnePageCommitsTwice() {
        for (int i = 0; i < 3; i++) {
            service().insertDirect("TodoItem", item("row-" + i, "server row " + i, false));
        }
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncTable<ObjectNode> table = newClient(handle).table("TodoItem");
        await(table.pull(Query.all(), "q"));
        service().updateDirect("TodoItem", "row-1", item("row-1", "changed on the server", true));
        service().clearRequests();
        int before = handle.commits();

        PullResult result = await(table.pull(Query.all(), "q"));

        assertEquals(1, result.upserted());
        assertEquals(1, listRequests());
        assertEquals(2, handle.commits() - before, "the start, then the page with its cursor");
        assertEquals("changed on the server", table.lookup("row-1").orElseThrow().get("text").asText());
    }
}

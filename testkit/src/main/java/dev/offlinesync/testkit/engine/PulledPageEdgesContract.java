package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pages a server may send that the pull's one-pass write could get wrong: an id twice in one page (refused whole,
 * nothing of it applied, the cursor where it was), ids that differ only in case (different items: a local change
 * queued on one leaves only that one alone).
 */
public interface PulledPageEdgesContract extends EngineFixture {

    /** Checks that a page holding one id twice is refused, nothing of it applied, and the next pull brings all. */
    @Test
    default void aPageHoldingAnIdTwiceIsRefusedAndNothingOfItIsApplied() {
        service().insertDirect("TodoItem", item("a", "server a", false));
        service().insertDirect("TodoItem", item("b", "server b", false));
        String first = wireItem("x", "first", "AAAAAAAAB9E=", "2026-01-01T00:00:00.000Z");
        String again = wireItem("x", "again", "AAAAAAAAB9I=", "2026-01-01T00:00:00.001Z");
        String items = "[" + first + "," + again + "]";
        String page = dialect() == ProtocolDialect.DATASYNC ? "{\"items\":" + items + "}" : items;
        service().intercept(r -> r.isList() ? FakeResponse.json(200, page) : null);

        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> await(todos().pull(Query.all(), "all")));
        service().clearFaults();

        assertTrue(refused.getMessage().contains("twice"), refused.getMessage());
        assertTrue(todos().lookup("x").isEmpty(), "nothing of the page was applied");
        PullResult result = await(todos().pull(Query.all(), "all"));
        assertEquals(2, result.received(), "the cursor did not move past what was refused");
        assertEquals("server a", todos().lookup("a").orElseThrow().get("text").asText());
        assertTrue(todos().lookup("x").isEmpty());
    }

    /**
     * Checks that a pulled item whose id differs only in case from an item with a queued local change is pulled,
     * and the local change is left alone.
     */
    @Test
    default void anItemWhoseIdDiffersOnlyInCaseFromALocalChangeIsPulledAndTheChangeLeftAlone() {
        todos().insert(item("one", "mine", false));
        await(client().syncContext().push());
        service().insertDirect("TodoItem", item("ONE", "theirs", false));
        service().updateDirect("TodoItem", "one", item("one", "server edit", false).without(List.of("id")));
        todos().update(item("one", "mine, edited", false));
        // the edit stays queued: the server refuses it (parked), so the pull's own push leaves it
        service().intercept(r -> r.method().equals(updateMethod()) ? FakeResponse.error(400, "refused") : null);

        PullResult result = await(todos().pull(Query.all(), null));
        service().clearFaults();

        assertEquals(1, result.skippedPending(), "only the item with the queued change is skipped");
        assertEquals("theirs", todos().lookup("ONE").orElseThrow().get("text").asText());
        assertEquals("mine, edited", todos().lookup("one").orElseThrow().get("text").asText());
        assertEquals(List.of("UPDATE one"), queue());
    }
}

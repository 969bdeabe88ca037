package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Purge (pushes first) and force purge (discards), and both forget delta tokens. */
public interface PurgeContract extends EngineFixture {

    /** Checks that purge removes matching rows and the next pull reads everything again. */
    @Test
    default void purgeRemovesMatchingRowsAndTheNextPullReadsEverythingAgain() {
        for (int i = 0; i < 6; i++) {
            service().insertDirect("TodoItem", item("r" + i, "row " + i, i < 3));
        }
        await(todos().pull(Query.all(), "all"));
        await(todos().purge(Query.all().where(Filter.eq("complete", true))));
        assertEquals(3, todos().read(Query.all()).items().size());
        service().clearRequests();
        await(todos().pull(Query.all(), "all"));
        assertNull(requests().get(0).queryParameter("$filter"), "the delta token was forgotten");
        assertEquals(6, todos().read(Query.all()).items().size());
    }

    /** Checks that purge pushes the tables pending changes first. */
    @Test
    default void purgePushesTheTablesPendingChangesFirst() {
        todos().insert(item("a", "not yet pushed", false));
        await(todos().purge(Query.all()));
        assertTrue(service().item("TodoItem", "a").isPresent(), "pushed before purging");
        assertTrue(todos().lookup("a").isEmpty());
        assertEquals(List.of(), queue());
    }

    /** Checks that purge removes nothing when its push fails. */
    @Test
    default void purgeRemovesNothingWhenItsPushFails() {
        conflicting("a");
        assertThrows(PushFailedException.class, () -> await(todos().purge(Query.all())));
        assertEquals("mine, edited", todos().lookup("a").orElseThrow().get("text").asText());
        assertEquals(List.of("UPDATE a"), queue());
    }

    /** Checks that force purge discards the tables rows operations and errors but not other tables. */
    @Test
    default void forcePurgeDiscardsTheTablesRowsOperationsAndErrorsButNotOtherTables() {
        service().defineTable("Other");
        SyncTable<ObjectNode> other = client().table("Other");
        conflicting("a");
        todos().insert(item("b", "pushed despite the conflict", false));
        assertThrows(PushFailedException.class, () -> await(client().syncContext().push()));
        other.insert(item("o", "other table", false));
        assertEquals(1, client().syncContext().errors().size());

        todos().forcePurge();

        assertEquals(List.of("INSERT o"), queue());
        assertEquals(List.of(), client().syncContext().errors());
        assertEquals(0, todos().read(Query.all()).items().size());
        assertTrue(other.lookup("o").isPresent());
    }
}

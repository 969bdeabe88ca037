package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.testkit.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pull: paging by keyset cursor, incremental sync, deletions, pending rows, resumption, failures. */
public interface PullContract extends EngineFixture {

    private List<String> onServer(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(service().insertDirect("TodoItem", item(String.format("row-%03d", i), "server row " + i, i % 2 == 0))
                    .get("id").asText());
        }
        service().clearRequests();
        return ids;
    }

    private List<RecordedRequest> listRequests() {
        return requests().stream().filter(r -> r.method().equals("GET") && r.itemId() == null).toList();
    }

    private long localCount() {
        return todos().read(Query.all().includeTotalCount().top(0)).totalCount();
    }

    /** Checks that pull brings every row page by page without an extra empty request. */
    @Test
    default void pullBringsEveryRowPageByPageWithoutAnExtraEmptyRequest() {
        onServer(25);
        PullResult result = await(todos().pull(Query.all(), null, PullOptions.defaults().withPageSize(10)));
        assertEquals(25, result.received());
        assertEquals(25, result.upserted());
        assertEquals(25, localCount());
        if (exactCursor()) {
            assertEquals(3, result.requests(), "10 + 10 + 5: the short page ends the pull");
            assertEquals(3, listRequests().size());
        }
        RecordedRequest first = listRequests().get(0);
        assertEquals(wireName("updatedAt") + ",id", first.queryParameter("$orderby").replace(" asc", ""));
        assertEquals("10", first.queryParameter("$top"));
        assertEquals("true", EngineFixture.parameterIgnoringCase(first, "__includeDeleted"));
    }

    /** Checks that rows sharing one updated at across page boundaries are neither lost nor repeated. */
    @Test
    default void rowsSharingOneUpdatedAtAcrossPageBoundariesAreNeitherLostNorRepeated() {
        List<String> ids = onServer(30);
        service().setUpdatedAt("TodoItem", ids, Instant.parse("2026-11-23T12:00:00.000Z"));
        PullResult result = await(todos().pull(Query.all(), "ties", PullOptions.defaults().withPageSize(7)));
        assertEquals(30, result.received(), "each row exactly once");
        assertEquals(30, localCount());
        if (exactCursor()) {
            String secondFilter = listRequests().get(1).queryParameter("$filter");
            assertTrue(secondFilter.contains("updatedAt eq datetimeoffset'2026-11-23T12:00:00.000Z'")
                    && secondFilter.contains("id gt 'row-006'"), secondFilter);
        }
    }

    /** Checks that interrupted pull resumes exactly after its last applied page. */
    @Test
    default void interruptedPullResumesExactlyAfterItsLastAppliedPage() {
        onServer(30);
        service().failListRequestAfter(1, 500);
        assertThrows(HttpStatusException.class,
                () -> await(todos().pull(Query.all(), "resumable", PullOptions.defaults().withPageSize(10))));
        assertEquals(10, localCount(), "the first page was applied whole");
        service().clearFaults();
        service().clearRequests();
        PullResult resumed = await(todos().pull(Query.all(), "resumable", PullOptions.defaults().withPageSize(10)));
        assertEquals(30, localCount());
        if (exactCursor()) {
            assertEquals(20, resumed.received(), "nothing of the first page again");
            assertTrue(listRequests().get(0).queryParameter("$filter").contains("id gt 'row-009'"));
        } else {
            assertTrue(resumed.received() >= 20, "the last millisecond may come again: " + resumed.received());
        }
    }

    /** Checks that incremental pull without changes makes one request and rewrites nothing. */
    @Test
    default void incrementalPullWithoutChangesMakesOneRequestAndRewritesNothing() {
        onServer(12);
        await(todos().pull(Query.all(), "all", PullOptions.defaults().withPageSize(5)));
        service().clearRequests();
        PullResult again = await(todos().pull(Query.all(), "all", PullOptions.defaults().withPageSize(5)));
        if (exactCursor()) {
            assertEquals(1, again.requests());
            assertEquals(0, again.received());
        }
        assertEquals(0, again.upserted());
    }

    /** Checks that incremental pull brings only what changed. */
    @Test
    default void incrementalPullBringsOnlyWhatChanged() {
        onServer(12);
        await(todos().pull(Query.all(), "all"));
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        changes.put("text", "changed on server");
        service().updateDirect("TodoItem", "row-003", changes);
        PullResult again = await(todos().pull(Query.all(), "all"));
        assertEquals(1, exactCursor() ? again.received() : again.upserted());
        assertEquals("changed on server", todos().lookup("row-003").orElseThrow().get("text").asText());
    }

    /** Checks that full pull does not rewrite rows whose version is unchanged. */
    @Test
    default void fullPullDoesNotRewriteRowsWhoseVersionIsUnchanged() {
        onServer(8);
        await(todos().pull(Query.all(), null));
        PullResult again = await(todos().pull(Query.all(), null));
        assertEquals(8, again.received());
        assertEquals(8, again.unchanged());
        assertEquals(0, again.upserted());
    }

    /** Checks that rows deleted on the server are removed locally. */
    @Test
    default void rowsDeletedOnTheServerAreRemovedLocally() {
        onServer(5);
        await(todos().pull(Query.all(), "all"));
        service().deleteDirect("TodoItem", "row-002");
        PullResult again = await(todos().pull(Query.all(), "all"));
        assertEquals(1, again.deleted());
        assertTrue(todos().lookup("row-002").isEmpty());
        assertEquals(4, localCount());
    }

    /** Checks that the users filter is applied on the server. */
    @Test
    default void theUsersFilterIsAppliedOnTheServer() {
        onServer(10);
        await(todos().pull(Query.all().where(Filter.eq("complete", false)), "open"));
        assertEquals(5, localCount());
        assertTrue(listRequests().get(0).queryParameter("$filter").contains("complete eq false"));
    }

    /** Checks that top limits how many rows are pulled. */
    @Test
    default void topLimitsHowManyRowsArePulled() {
        onServer(10);
        PullResult result = await(todos().pull(Query.all().top(4), null, PullOptions.defaults().withPageSize(3)));
        assertEquals(4, result.received());
        assertEquals(4, localCount());
    }

    /** Checks that rows with a local change queued during the pull are left alone. */
    @Test
    default void rowsWithALocalChangeQueuedDuringThePullAreLeftAlone() {
        onServer(6);
        await(todos().pull(Query.all(), "all"));
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        changes.put("text", "server edit");
        service().updateDirect("TodoItem", "row-001", changes);
        service().updateDirect("TodoItem", "row-004", changes);
        List<PullProgress> progress = new ArrayList<>();
        PullResult result = await(todos().pull(Query.all(), "all", PullOptions.defaults().withPageSize(1)
                .withProgress(p -> {
                    if (progress.isEmpty()) {
                        todos().update(item("row-004", "local edit", true));
                    }
                    progress.add(p);
                })));
        assertEquals(1, result.skippedPending());
        assertEquals("local edit", todos().lookup("row-004").orElseThrow().get("text").asText());
        assertEquals("server edit", todos().lookup("row-001").orElseThrow().get("text").asText());
        assertEquals(List.of("UPDATE row-004"), queue());
        if (exactCursor()) {
            assertEquals(2, progress.size());
        }
    }

    /** Checks that pull pushes pending changes first. */
    @Test
    default void pullPushesPendingChangesFirst() {
        todos().insert(item("mine", "made offline", false));
        await(todos().pull(Query.all(), null));
        assertEquals("POST /tables/TodoItem", requestLines().get(0));
        assertEquals(List.of(), queue());
        assertTrue(service().item("TodoItem", "mine").isPresent());
    }

    /** Checks that an aborted implicit push fails the pull before any row is read. */
    @Test
    default void anAbortedImplicitPushFailsThePullBeforeAnyRowIsRead() {
        todos().insert(item("a", "mine", false));
        service().failNextRequests(1, 401);
        PushFailedException failure = assertThrows(PushFailedException.class, () -> await(todos().pull(Query.all(), null)));
        assertEquals(PushResult.AbortReason.AUTHENTICATION, failure.result().abortReason());
        assertEquals(List.of(), listRequests());
    }

    /** Checks that an unresolved conflict does not fail the pull and its row is left alone. */
    @Test
    default void anUnresolvedConflictDoesNotFailThePullAndItsRowIsLeftAlone() {
        conflicting("a");
        todos().insert(item("b", "other", false));
        PullResult result = await(todos().pull(Query.all(), null));
        assertEquals(1, result.skippedPending(), "the conflicting row is left alone");
        assertEquals("mine, edited", todos().lookup("a").orElseThrow().get("text").asText());
        assertTrue(service().item("TodoItem", "b").isPresent(), "other items were pushed");
        assertEquals(List.of("a"), client().syncContext().errors().stream().map(e -> e.itemId()).toList());
    }

    /** Checks that pulling a table the server does not have says so. */
    @Test
    default void pullingATableTheServerDoesNotHaveSaysSo() {
        NoSuchTableException e = assertThrows(NoSuchTableException.class,
                () -> await(client().table("NoSuchTable").pull(Query.all(), null)));
        assertTrue(e.getMessage().contains("NoSuchTable"), e.getMessage());
    }

    /** Checks that pull queries cannot order skip or select. */
    @Test
    default void pullQueriesCannotOrderSkipOrSelect() {
        InvalidItemException e = assertThrows(InvalidItemException.class,
                () -> await(todos().pull(Query.all().orderBy("text"), null)));
        assertTrue(e.getMessage().contains("remove orderBy"), e.getMessage());
    }

    /** Checks that a query id is 1 to 64 letters, digits, '_', '.' or '-', refused otherwise before any request. */
    @Test
    default void aQueryIdOfOtherCharactersOrLongerThan64IsRefusedBeforeAnyRequest() {
        onServer(1);
        for (String bad : List.of("", "two words", "a/b", "x".repeat(65))) {
            InvalidItemException e = assertThrows(InvalidItemException.class,
                    () -> await(todos().pull(Query.all(), bad)), bad);
            assertTrue(e.getMessage().contains("Invalid query id"), e.getMessage());
        }
        assertEquals(0, listRequests().size());
        assertEquals(1, await(todos().pull(Query.all(), "Az09_.-" + "x".repeat(57))).received());
    }
}

package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A parallel push applies the answers that arrive together in one transaction: one bad answer among them (another
 * item, a cut-off body, a 5xx) costs only its own operation, which stays queued (parked with an error that says what
 * went wrong, or kept for the next push), while the good ones are applied; nothing is lost or left in flight.
 */
public interface ParallelBatchAnswersContract extends EngineFixture {

    /**
     * A new client with a fresh store, its builder changed by {@code configure}.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** Answers the inserts of a, b, c and d once all four are in flight, each as {@code answers} says. */
    private void answeredTogether(Map<String, Function<RecordedRequest, FakeResponse>> answers) {
        CountDownLatch together = new CountDownLatch(4);
        service().intercept(request -> {
            if (!request.method().equals("POST") || request.itemId() != null) {
                return null;
            }
            String id = request.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
            arriveAndWait(together);
            return answers.getOrDefault(id, r -> null).apply(request);
        });
    }

    /** A request of the window arrives, then waits (at most 5 s) until the others have arrived too. */
    private static void arriveAndWait(CountDownLatch together) {
        together.countDown();
        awaitTheOthers(together);
    }

    private static void awaitTheOthers(CountDownLatch together) {
        try {
            together.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PushResult pushed(SyncClient client) {
        try {
            return await(client.syncContext().push());
        } catch (PushFailedException e) {
            return e.result();
        }
    }

    /** Checks that the good answers of a window are applied and each bad one costs only its own operation. */
    @Test
    default void aBadAnswerAmongAWindowsAnswersCostsOnlyItsOwnOperation() {
        SyncClient parallel = newClient(builder -> builder.pushParallelism(4));
        SyncTable<ObjectNode> table = parallel.table("TodoItem");
        for (String id : List.of("a", "b", "c", "d")) {
            table.insert(item(id, "text " + id, false));
        }
        answeredTogether(Map.of(
                "a", r -> FakeResponse.json(201, wireItem("d", "d's item", "AAAAAAAAB9E=",
                        "2026-01-01T00:00:00.000Z")),
                "b", r -> FakeResponse.json(201, "{\"id\":\"b\",\"text\":\"te"),
                "c", r -> FakeResponse.error(500, "the database went away")));

        PushResult result = pushed(parallel);
        service().clearFaults();

        assertEquals(1, result.completedOperations(), result.toString());
        assertEquals(List.of("INSERT a", "INSERT b", "INSERT c"), queue(parallel), "the bad ones stay queued");
        assertTrue(parallel.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight),
                "nothing left in flight: " + parallel.syncContext().pendingOperations());
        assertNotNull(table.lookup("d").orElseThrow().get("version"), "d's answer applied");
        assertEquals("text d", serverItem("d").get("text").asText());
        for (String id : List.of("a", "b", "c")) {
            assertEquals("text " + id, table.lookup(id).orElseThrow().get("text").asText(),
                    id + "'s local row is untouched by a bad answer");
        }
        for (OperationError error : result.errors()) {
            assertTrue(Set.of(OperationError.Reason.BAD_ANSWER, OperationError.Reason.SERVER_FAILURE)
                    .contains(error.reason()), error.toString());
            assertTrue(Set.of("a", "b", "c").contains(error.itemId()), "a bad answer's own item: " + error);
        }
        assertEquals(parallel.syncContext().errors().size(), result.errors().size(), "stored as reported");

        // the server's own answers now: every one still queued goes (those parked once their pause ran out)
        for (OperationError error : parallel.syncContext().errors()) {
            error.keepAndRetry(table.lookup(error.itemId()).orElseThrow());
        }
        PushResult next = pushed(parallel);
        assertTrue(next.succeeded(), next.toString());
        assertEquals(List.of(), queue(parallel));
        for (String id : List.of("a", "b", "c", "d")) {
            assertEquals("text " + id, serverItem(id).get("text").asText());
        }
    }

    /**
     * Checks that answers arriving together for items whose ids differ only in case or trailing blanks are each
     * applied to their own item (their queued operations are read together).
     */
    @Test
    default void answersArrivingTogetherForIdsDifferingOnlyInCaseOrBlanksEachApplyToTheirOwnItem() {
        SyncClient parallel = newClient(builder -> builder.pushParallelism(4));
        SyncTable<ObjectNode> table = parallel.table("TodoItem");
        List<String> ids = List.of("k", "K", "k ", "k  ");
        for (String id : ids) {
            table.insert(item(id, "text of [" + id + "]", false));
        }
        CountDownLatch together = new CountDownLatch(4);
        service().intercept(request -> {
            if (request.method().equals("POST")) {
                arriveAndWait(together);
            }
            return null;
        });

        PushResult result = pushed(parallel);
        service().clearFaults();

        assertTrue(result.succeeded(), result.toString());
        assertEquals(List.of(), queue(parallel));
        for (String id : ids) {
            ObjectNode local = table.lookup(id).orElseThrow();
            assertEquals("text of [" + id + "]", local.get("text").asText(), "[" + id + "] keeps its own values");
            assertEquals(serverItem(id).get("version").asText(), local.get("version").asText(),
                    "[" + id + "] has its own answer's version");
        }
    }

    /**
     * Checks that local edits and deletes of items whose operations are in the window, made while all of them are
     * out, are pushed after them and nothing of them is lost.
     */
    @Test
    default void editsAndDeletesOfItemsInTheWindowMadeWhileItIsOutArePushedAfterIt() {
        SyncClient parallel = newClient(builder -> builder.pushParallelism(4));
        SyncTable<ObjectNode> table = parallel.table("TodoItem");
        List<String> ids = List.of("a", "b", "c", "d", "e");
        for (String id : ids) {
            table.insert(item(id, "text " + id, false));
        }
        CountDownLatch together = new CountDownLatch(4);
        service().intercept(request -> {
            if (request.method().equals("POST") && together.getCount() > 0) {
                together.countDown();
                if (together.getCount() == 0) {
                    // a to d are out, e waits: edit and delete some of each
                    table.update(item("a", "a, edited while out", true));
                    table.deleteById("b");
                    table.update(item("c", "c, edited while out", false));
                    table.deleteById("c");
                    table.update(item("e", "e, edited before it went", false));
                }
                awaitTheOthers(together);
            }
            return null;
        });

        PushResult first = pushed(parallel);
        service().clearFaults();
        PushResult second = pushed(parallel);

        assertTrue(first.succeeded(), first.toString());
        assertTrue(second.succeeded(), second.toString());
        assertEquals(List.of(), queue(parallel));
        for (String id : ids) {
            assertEquals(table.lookup(id).map(row -> row.get("text").asText()),
                    service().item("TodoItem", id).filter(row -> !row.path(wireName("deleted")).asBoolean(false))
                            .map(row -> row.get("text").asText()), id + " locally and on the server");
        }
        assertEquals("a, edited while out", serverItem("a").get("text").asText());
        assertEquals("e, edited before it went", serverItem("e").get("text").asText());
    }
}

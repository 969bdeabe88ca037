package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A local change of the item whose operation a sequential push took ahead (marked in flight, its body recorded)
 * while the operation before it is out: the change is never lost, the operation taken ahead is sent at most once
 * with what it recorded, and the change follows it, whether the push goes on or stops before its turn.
 */
public interface TakenAheadEditsContract extends EngineFixture {

    /**
     * Another client on this store, with this delegate.
     *
     * @param store    the store
     * @param delegate the delegate, or null for the default one
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate);

    /**
     * {@return a new, empty store of the kind under test}
     */
    SyncContextDataSource newStore();

    /**
     * A client with a, b and c on the server and edited locally, whose next push runs {@code whileAIsOut} while the
     * update of a is out (b is taken ahead then), and answers it with {@code answerToA} (null: the server's own).
     */
    private PushResult pushWithChangeWhileFirstIsOut(SyncClient client, Consumer<SyncTable<ObjectNode>> whileAIsOut,
                                                    FakeResponse answerToA, List<String> inFlightThen) {
        SyncTable<ObjectNode> table = client.table("TodoItem");
        for (String id : List.of("a", "b", "c")) {
            table.insert(item(id, "first", false));
        }
        await(client.syncContext().push());
        for (String id : List.of("a", "b", "c")) {
            table.update(item(id, "second", false));
        }
        AtomicBoolean once = new AtomicBoolean();
        service().intercept(request -> {
            if (!"a".equals(request.itemId()) || !once.compareAndSet(false, true)) {
                return null;
            }
            client.syncContext().pendingOperations().stream().filter(PendingOperation::inFlight)
                    .forEach(op -> inFlightThen.add(op.kind() + " " + op.itemId()));
            whileAIsOut.accept(table);
            return answerToA;
        });
        try {
            return await(client.syncContext().push());
        } catch (PushFailedException e) {
            return e.result();
        } finally {
            service().clearFaults();
        }
    }

    private List<String> updatesOf(String id) {
        return requests().stream().filter(r -> r.method().equals(updateMethod()) && id.equals(r.itemId()))
                .map(RecordedRequest::body).toList();
    }

    /** Checks that an edit of the item taken ahead, made while the one before is out, is pushed after it. */
    @Test
    default void anEditOfTheItemTakenAheadWhileTheOneBeforeIsOutIsPushedAfterIt() {
        SyncClient client = newClient(newStore(), null);
        List<String> inFlight = Collections.synchronizedList(new ArrayList<>());

        PushResult result = pushWithChangeWhileFirstIsOut(client,
                table -> table.update(item("b", "third", true)), null, inFlight);
        if (!result.succeeded()) {
            result = await(client.syncContext().push()); // the edit came after this push started
        }
        await(client.syncContext().push());

        assertEquals(List.of("UPDATE a", "UPDATE b"), inFlight, "b was taken ahead while a was out");
        assertEquals(List.of(), queue(client));
        assertEquals("third", serverItem("b").get("text").asText(), "the edit reached the server");
        assertTrue(serverItem("b").get("complete").asBoolean());
        assertEquals(serverItem("b").get("version").asText(),
                client.table("TodoItem").lookup("b").orElseThrow().get("version").asText(), "on its version");
        List<String> bodies = updatesOf("b");
        assertEquals(2, bodies.size(), "b's taken update once, then the edit: " + bodies);
        assertTrue(bodies.get(0).contains("second") && bodies.get(1).contains("third"), bodies.toString());
    }

    /** Checks that a delete of the item taken ahead, made while the one before is out, deletes it on the server. */
    @Test
    default void aDeleteOfTheItemTakenAheadWhileTheOneBeforeIsOutDeletesItOnTheServer() {
        SyncClient client = newClient(newStore(), null);
        List<String> inFlight = Collections.synchronizedList(new ArrayList<>());

        pushWithChangeWhileFirstIsOut(client, table -> table.deleteById("b"), null, inFlight);
        await(client.syncContext().push());

        assertEquals(List.of("UPDATE a", "UPDATE b"), inFlight);
        assertEquals(List.of(), queue(client));
        assertTrue(client.table("TodoItem").lookup("b").isEmpty());
        assertTrue(serverItem("b").get("deleted").asBoolean(), "deleted on the server");
        assertTrue(updatesOf("b").size() <= 1, "b's update sent at most once: " + updatesOf("b"));
        assertEquals("second", serverItem("c").get("text").asText());
    }

    /**
     * Checks that an edit of the item taken ahead, made while the one before is out and the push then stops (the
     * answer is lost), is what the next push sends, the taken operation never sent on its own body.
     */
    @Test
    default void anEditOfTheItemTakenAheadBeforeThePushStopsIsWhatTheNextPushSends() {
        SyncClient client = newClient(newStore(), null);
        List<String> inFlight = Collections.synchronizedList(new ArrayList<>());

        PushResult stopped = pushWithChangeWhileFirstIsOut(client,
                table -> table.update(item("b", "third", true)), FakeResponse.disconnect(), inFlight);
        assertEquals(PushResult.AbortReason.NETWORK, stopped.abortReason());
        assertTrue(client.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight));
        PushResult result = await(client.syncContext().push());
        await(client.syncContext().push());

        assertTrue(result.succeeded(), result.toString());
        assertEquals(List.of(), queue(client));
        assertEquals("third", serverItem("b").get("text").asText());
        assertFalse(updatesOf("b").isEmpty());
        assertTrue(updatesOf("b").get(updatesOf("b").size() - 1).contains("third"), updatesOf("b").toString());
        assertTrue(updatesOf("b").stream().noneMatch(body -> body.contains("second")),
                "the body recorded when b was taken never went out: " + updatesOf("b"));
    }

    /** Checks that a delete of the item taken ahead before the push stops deletes it at the next push. */
    @Test
    default void aDeleteOfTheItemTakenAheadBeforeThePushStopsDeletesItAtTheNextPush() {
        SyncClient client = newClient(newStore(), null);
        List<String> inFlight = Collections.synchronizedList(new ArrayList<>());

        pushWithChangeWhileFirstIsOut(client, table -> table.deleteById("b"), FakeResponse.disconnect(), inFlight);
        PushResult result = await(client.syncContext().push());

        assertTrue(result.succeeded(), result.toString());
        assertEquals(List.of(), queue(client));
        assertTrue(serverItem("b").get("deleted").asBoolean(), "deleted on the server");
        assertEquals("second", serverItem("a").get("text").asText(), "a sent again after its lost answer");
    }
}

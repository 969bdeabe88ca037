package dev.offlinesync.store.sqlite;

import static dev.offlinesync.store.sqlite.OtherProcesses.item;
import static dev.offlinesync.store.sqlite.OtherProcesses.itemOf;
import static dev.offlinesync.store.sqlite.OtherProcesses.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The operation a sequential push took ahead (marked in flight, its body recorded and committed) while the one
 * before it is out, when what shares the SQLite file is not this client: another store on the file that edits the
 * item, a process killed at that moment, a client closed then. Nothing is lost or stranded, and nothing is sent
 * twice that was not answered.
 */
class SqliteTakenAheadTest extends SharedFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncClient client() {
        SyncClient client = SyncClient.builder(service.uri()).store(SqliteStore.file(file)).build();
        client.table("TodoItem");
        return client;
    }

    private List<String> posts(String id) {
        return service.requests().stream().filter(r -> r.method().equals("POST") && id.equals(itemOf(r)))
                .map(RecordedRequest::body).toList();
    }

    private void insertedLocally(String... ids) {
        try (SyncClient writer = client()) {
            for (String id : ids) {
                writer.table("TodoItem").insert(item(id, "text " + id));
            }
        }
    }

    @Test
    void anotherStoreOnTheFileEditingTheItemTakenAheadQueuesTheEditAfterIt() throws Exception {
        insertedLocally("a", "b", "c");
        try (SyncClient pusher = client(); SyncClient other = client()) {
            AtomicBoolean once = new AtomicBoolean();
            service.intercept(request -> {
                if ("a".equals(itemOf(request)) && once.compareAndSet(false, true)) {
                    other.table("TodoItem").update(item("b", "edited in the other store"));
                    other.table("TodoItem").deleteById("c");
                }
                return null;
            });

            push(pusher);
            push(pusher);

            assertEquals(List.of(), pusher.syncContext().pendingOperations());
            assertEquals("edited in the other store", service.item("TodoItem", "b").orElseThrow().get("text").asText());
            assertEquals(1, posts("b").size(), "b inserted once, with the body taken: " + posts("b"));
            assertTrue(posts("b").get(0).contains("text b"), posts("b").toString());
            assertEquals(List.of(), posts("c"), "c, not taken yet, was inserted and deleted locally: nothing to send");
            assertTrue(service.item("TodoItem", "c").isEmpty());
        }
    }

    @Test
    void aProcessKilledWithAnOperationTakenAheadLeavesItForTheNextClientToSendOnceWithItsRecordedBody()
            throws Exception {
        insertedLocally("a", "b", "c");
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        service.intercept(request -> {
            if ("a".equals(itemOf(request)) && once.compareAndSet(false, true)) {
                try {
                    // a is out and b taken ahead: the process dies before either answer is heard
                    child.get().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeResponse.disconnect();
            }
            return null;
        });
        child.set(pusherProcess(service.uri(), file));

        assertTrue(child.get().waitFor(60, TimeUnit.SECONDS), "the pushing process ended");
        assertNotEquals(0, child.get().exitValue(), "killed, not finished");
        assertEquals(List.of(), service.items("TodoItem", false), "nothing reached the server");
        String recorded;
        try (SqliteStore store = SqliteStore.file(file)) {
            recorded = store.transaction(ops -> ops.read(StoreQuery.where("MS_TableOperations",
                    new Predicate.Comparison("itemId", Predicate.Op.EQ, "b"))).rows()).get(0).get("sent").toString();
        }
        assertNotNull(recorded, "b's body was recorded when it was taken");

        try (SyncClient next = client()) {
            assertTrue(next.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight),
                    "the dead process's marks are gone: " + next.syncContext().pendingOperations());
            PushResult result = push(next);

            assertTrue(result.succeeded(), result.toString());
            assertEquals(3, result.completedOperations());
            assertEquals(List.of(), next.syncContext().pendingOperations());
        }
        assertEquals(1, posts("b").size(), "b sent exactly once: " + posts("b"));
        assertTrue(sameJson(recorded, posts("b").get(0)),
                "with the body recorded: " + recorded + " vs " + posts("b").get(0));
        assertEquals(1, posts("c").size());
        assertEquals(2, posts("a").size(), "a again: its answer was lost");
        assertEquals(3, service.items("TodoItem", false).size());
    }

    /** Starts {@code client.close()} on a thread of its own and returns once it waits for the push to end. */
    private static Thread closing(SyncClient client) {
        Thread closer = new Thread(client::close, "closer");
        closer.start();
        while (closer.getState() == Thread.State.NEW || closer.getState() == Thread.State.RUNNABLE) {
            Thread.onSpinWait();
        }
        return closer;
    }

    /** Pushes what is left with a fresh client on the file; every item must then be on the server, sent once. */
    private void nothingLostAfterReopening() throws Exception {
        try (SyncClient next = client()) {
            assertTrue(next.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight),
                    "no mark outlives the closed client: " + next.syncContext().pendingOperations());
            PushResult result = push(next);
            assertTrue(result.succeeded(), result.toString());
            assertEquals(List.of(), next.syncContext().pendingOperations());
        }
        assertEquals(3, service.items("TodoItem", false).size());
        for (String id : List.of("a", "b", "c")) {
            assertEquals("text " + id, service.item("TodoItem", id).orElseThrow().get("text").asText());
        }
    }

    @Test
    void closingTheClientWhileAnOperationIsTakenAheadLetsThePushFinish() throws Exception {
        insertedLocally("a", "b", "c");
        SyncClient pusher = client();
        AtomicReference<Thread> closer = new AtomicReference<>();
        service.intercept(request -> {
            if ("a".equals(itemOf(request)) && closer.get() == null) {
                closer.set(closing(pusher)); // b is taken ahead now
            }
            return null;
        });

        PushResult result = push(pusher);
        closer.get().join();

        assertTrue(result.succeeded(), result.toString());
        assertEquals(3, result.completedOperations());
        for (String id : List.of("a", "b", "c")) {
            assertEquals(1, posts(id).size(), id + " sent once");
        }
        nothingLostAfterReopening();
    }

    @Test
    void closingTheClientWhileARequestOutlastsTheCloseLosesNothingTakenAhead() throws Exception {
        insertedLocally("a", "b", "c");
        SyncClient pusher = client();
        AtomicReference<Thread> closer = new AtomicReference<>();
        service.intercept(request -> {
            if ("b".equals(itemOf(request)) && closer.get() == null) {
                // c is taken ahead while b is out; the close gives up waiting for the push and closes the store
                closer.set(closing(pusher));
                try {
                    closer.get().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });

        try {
            push(pusher);
        } catch (ExecutionException e) {
            // the store closed under the push: what it could not write stays queued
            assertTrue(e.getCause() instanceof SyncException, e.toString());
        }

        nothingLostAfterReopening();
        assertEquals(1, posts("a").size());
        assertEquals(1, posts("c").size(), "c, taken ahead, sent once: " + posts("c"));
    }

    private static boolean sameJson(String recorded, String body) throws IOException {
        JsonNode bodies = JSON.readTree(recorded);
        JsonNode sent = JSON.readTree(body);
        if (bodies.isArray()) {
            for (JsonNode each : bodies) {
                if ((each.isTextual() ? JSON.readTree(each.textValue()) : each).equals(sent)) {
                    return true;
                }
            }
        }
        return bodies.equals(sent);
    }

    private static Process pusherProcess(URI service, Path file) throws IOException {
        return OtherProcesses.start(Pusher.class, file.resolveSibling("pusher.txt"), service.toString(),
                file.toString());
    }

    /** The process that pushes the file's queue (killed while it does). */
    public static final class Pusher {
        private Pusher() {
        }

        /**
         * Pushes once.
         *
         * @param args the service's address, the store file
         * @throws Exception when the push fails
         */
        public static void main(String[] args) throws Exception {
            try (SyncClient client = SyncClient.builder(URI.create(args[0])).store(SqliteStore.file(Path.of(args[1])))
                    .build()) {
                client.table("TodoItem");
                client.syncContext().push().get(60, TimeUnit.SECONDS);
            }
        }
    }
}

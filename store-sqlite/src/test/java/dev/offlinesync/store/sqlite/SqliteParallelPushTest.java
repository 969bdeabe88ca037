package dev.offlinesync.store.sqlite;

import static dev.offlinesync.store.sqlite.OtherProcesses.item;
import static dev.offlinesync.store.sqlite.OtherProcesses.itemOf;
import static dev.offlinesync.store.sqlite.OtherProcesses.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.spi.StoreQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A parallel push's window (its operations taken together, their bodies recorded in one write, their answers
 * applied together) when what shares the SQLite file is not this client: a process killed once the window was
 * taken, or once its answers arrived and before they were applied; another store on the file writing while the
 * window is out. Nothing is lost or stranded, and a fresh client sends each operation at most once more.
 */
class SqliteParallelPushTest extends SharedFileTest {

    private static final int WIDTH = 4;
    private static final List<String> IDS = List.of("a", "b", "c", "d", "e", "f");

    private SyncClient client(int width) {
        SyncClient client = SyncClient.builder(service.uri()).store(SqliteStore.file(file)).pushParallelism(width)
                .build();
        client.table("TodoItem");
        return client;
    }

    /** The writes (not reads) the server received about an item. */
    private List<String> writes(String id) {
        return service.requests().stream().filter(r -> !r.method().equals("GET") && id.equals(itemOf(r)))
                .map(r -> r.method() + " " + r.body()).toList();
    }

    /** a and b on the server already; then a edited, b deleted, c to f inserted: six operations queued. */
    private void queuedMixedOperations() throws Exception {
        try (SyncClient writer = client(1)) {
            SyncTable<ObjectNode> todos = writer.table("TodoItem");
            todos.insert(item("a", "text a"));
            todos.insert(item("b", "text b"));
            push(writer);
            todos.update(item("a", "text a, edited"));
            todos.deleteById("b");
            for (String id : IDS.subList(2, IDS.size())) {
                todos.insert(item(id, "text " + id));
            }
        }
        service.clearRequests();
    }

    /** Pushes with a fresh client: everything left goes, and the server ends as the local store is. */
    private void aFreshClientFinishesThePush() throws Exception {
        try (SyncClient next = client(WIDTH)) {
            assertTrue(next.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight),
                    "the dead process's marks are gone: " + next.syncContext().pendingOperations());
            PushResult result = push(next);

            assertTrue(result.succeeded(), result.toString());
            assertEquals(List.of(), next.syncContext().pendingOperations());
            assertEquals(List.of(), next.syncContext().errors());
            for (String id : IDS) {
                Optional<String> local = next.table("TodoItem").lookup(id).map(row -> row.get("text").asText());
                Optional<String> remote = alive(id);
                assertEquals(local, remote, id + " locally and on the server");
            }
        }
        assertEquals(Optional.of("text a, edited"), service.item("TodoItem", "a").map(r -> r.get("text").asText()));
        assertEquals(Optional.empty(), alive("b"), "b deleted");
    }

    @Test
    void aProcessKilledOnceItsWindowWasTakenLeavesEveryOperationForTheNextClientToSendOnce() throws Exception {
        queuedMixedOperations();

        pusherKilledOnce("taken");
        assertEquals(List.of(), service.requests(), "nothing was sent");
        assertEquals(WIDTH, bodiesRecorded(), "the window's bodies were recorded when it was taken");

        aFreshClientFinishesThePush();
        for (String id : IDS) {
            assertEquals(1, writes(id).size(), id + " sent once: " + writes(id));
        }
    }

    @Test
    void aProcessKilledWithItsWindowsAnswersUnappliedLeavesEachOperationToBeSentAtMostOnceMore() throws Exception {
        queuedMixedOperations();

        pusherKilledOnce("answered");
        assertEquals(WIDTH, service.requests().stream().filter(r -> !r.method().equals("GET")).count(),
                "the window's operations reached the server: " + service.requests());

        aFreshClientFinishesThePush();
        for (String id : IDS) {
            assertTrue(writes(id).size() <= 2, id + " sent at most once more: " + writes(id));
            assertTrue(!writes(id).isEmpty(), id + " sent: " + writes(id));
        }
    }

    @Test
    void anotherStoreOnTheFileWritingWhileTheWindowIsOutLosesNothing() throws Exception {
        queuedMixedOperations();
        try (SyncClient pusher = client(WIDTH); SyncClient other = client(1)) {
            SyncTable<ObjectNode> elsewhere = other.table("TodoItem");
            AtomicBoolean once = new AtomicBoolean();
            service.intercept(request -> {
                if (!request.method().equals("GET") && once.compareAndSet(false, true)) {
                    // the window's four operations are taken (a, b, c, d): edit and delete some of them, and
                    // items not taken yet
                    elsewhere.update(item("a", "text a, edited elsewhere"));
                    elsewhere.deleteById("c");
                    elsewhere.update(item("d", "text d, edited elsewhere"));
                    elsewhere.update(item("e", "text e, edited elsewhere"));
                    elsewhere.deleteById("f");
                    elsewhere.insert(item("g", "text g"));
                }
                return null;
            });

            push(pusher);
            service.clearFaults();
            PushResult second = push(pusher);

            assertTrue(second.succeeded(), second.toString());
            assertEquals(List.of(), pusher.syncContext().pendingOperations());
            assertEquals(List.of(), pusher.syncContext().errors());
            for (String id : List.of("a", "b", "c", "d", "e", "f", "g")) {
                Optional<String> local = pusher.table("TodoItem").lookup(id).map(row -> row.get("text").asText());
                Optional<String> remote = alive(id);
                assertEquals(local, remote, id + " locally and on the server");
            }
            assertEquals(Optional.of("text a, edited elsewhere"),
                    service.item("TodoItem", "a").map(r -> r.get("text").asText()));
            assertTrue(service.item("TodoItem", "f").isEmpty(), "f, inserted and deleted locally, never sent");
            assertEquals(List.of(), writes("f"));
            assertEquals(1, writes("e").size(), "e inserted once, with its edit: " + writes("e"));
        }
    }

    /** The text of the item on the server, unless it has none or only a deleted one. */
    private Optional<String> alive(String id) {
        return service.item("TodoItem", id).filter(row -> !row.path("deleted").asBoolean(false))
                .map(row -> row.get("text").asText());
    }

    /** How many queued operations have a body recorded. */
    private long bodiesRecorded() {
        try (SqliteStore store = SqliteStore.file(file)) {
            return store.transaction(ops -> ops.read(StoreQuery.all("MS_TableOperations")).rows()).stream()
                    .filter(row -> row.get("sent") != null).count();
        }
    }

    private Path log() {
        return file.resolveSibling("pusher.txt");
    }

    /** Runs a pushing process that dies when {@code killWhen} says (see {@link Pusher#main}), and waits for it. */
    private void pusherKilledOnce(String killWhen) throws Exception {
        Process child = OtherProcesses.start(Pusher.class, log(), service.uri().toString(), file.toString(), killWhen);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the pushing process ended");
        assertNotEquals(0, child.exitValue(), "killed, not finished: " + Files.readString(log()));
    }

    /** The process that pushes the file's queue with a window of {@value #WIDTH}, and dies while it does. */
    public static final class Pusher {
        private Pusher() {
        }

        /**
         * Pushes once, and halts the process once every operation of the window was handed to the delegate
         * ({@code taken}: nothing sent yet) or once every one of them was answered ({@code answered}: no answer
         * applied yet).
         *
         * @param args the service's address, the store file, when to die
         * @throws Exception when the push fails
         */
        public static void main(String[] args) throws Exception {
            boolean afterAnswers = args[2].equals("answered");
            CountDownLatch window = new CountDownLatch(WIDTH);
            SyncContextDelegate dying = new SyncContextDelegate() {
                @Override
                public ObjectNode onOperation(TableOperation operation) {
                    if (afterAnswers) {
                        operation.execute();
                    }
                    window.countDown();
                    try {
                        window.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(3);
                    return null;
                }
            };
            try (SyncClient client = SyncClient.builder(URI.create(args[0])).store(SqliteStore.file(Path.of(args[1])))
                    .pushParallelism(WIDTH).delegate(dying).build()) {
                client.table("TodoItem");
                client.syncContext().push().get(60, TimeUnit.SECONDS);
            }
        }
    }
}

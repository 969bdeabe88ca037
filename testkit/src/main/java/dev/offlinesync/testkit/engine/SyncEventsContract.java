package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.LoggingEventListener;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The event listener hears of requests, retries, operations, pages, pushes and pulls, in the order they happen. */
public interface SyncEventsContract extends EngineFixture {

    /**
     * A client of the store under test, configured further by the test.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** Writes each event as one line, e.g. {@code "request end POST TodoItem #1 201"}. */
    final class Recorder implements SyncEventListener {
        Recorder() {
        }

        final List<String> events = new CopyOnWriteArrayList<>();
        final List<SyncClient> clients = new CopyOnWriteArrayList<>();

        @Override
        public void requestStart(String method, String table, int attempt) {
            events.add("request start " + method + " " + table + " #" + attempt);
        }

        @Override
        public void requestEnd(String method, String table, int attempt, int status, long bytesSent,
                               long bytesReceived, Duration duration) {
            events.add("request end " + method + " " + table + " #" + attempt + " " + status);
        }

        @Override
        public void retryScheduled(String method, String table, int attempt, Duration delay, String reason) {
            events.add("retry " + method + " " + table + " #" + attempt + " after " + reason);
        }

        @Override
        public void pushStart(int operations) {
            events.add("push start " + operations);
        }

        @Override
        public void operationPushed(String table, String itemId, OperationKind kind) {
            events.add("pushed " + kind + " " + itemId);
        }

        @Override
        public void operationParked(OperationError error) {
            events.add("parked " + error.itemId() + " " + error.reason());
        }

        @Override
        public void operationConflicted(OperationError error) {
            events.add("conflicted " + error.itemId());
        }

        @Override
        public void pushEnd(PushResult result, Duration duration) {
            events.add("push end " + result.completedOperations() + " completed");
        }

        @Override
        public void pullStart(String table, String queryId) {
            events.add("pull start " + table);
        }

        @Override
        public void pageApplied(PullProgress progress) {
            events.add("page " + progress.pages() + " " + progress.received() + " rows");
        }

        @Override
        public void pullEnd(String table, PullResult result, SyncException failure, Duration duration) {
            events.add("pull end " + table + (failure == null ? " " + result.received() + " rows" : " failed"));
        }

        List<String> without(String prefix) {
            return events.stream().filter(e -> !e.startsWith(prefix)).toList();
        }
    }

    /** Checks that events follow a push and a pull in order. */
    @Test
    default void eventsFollowAPushAndAPullInOrder() {
        Recorder recorder = new Recorder();
        SyncClient client = newClient(b -> b.eventListener(recorder));
        SyncTable<ObjectNode> table = client.table("TodoItem");
        table.insert(item("a", "one", false));
        table.insert(item("b", "two", false));
        await(client.syncContext().push());
        service().insertDirect("TodoItem", item("c", "from the server", false));
        await(table.pull(Query.all(), "all"));
        // a's outcome is committed while b's request is out (b was taken ahead), and heard of after b's answer
        assertEquals(List.of(
                "push start 2",
                "request start POST TodoItem #1", "request end POST TodoItem #1 201",
                "request start POST TodoItem #1", "request end POST TodoItem #1 201", "pushed INSERT a",
                "pushed INSERT b",
                "push end 2 completed",
                "pull start TodoItem",
                "request start GET TodoItem #1", "request end GET TodoItem #1 200", "page 1 3 rows",
                "pull end TodoItem 3 rows"), recorder.events);
    }

    /** Checks that a retry is announced between its attempts. */
    @Test
    default void aRetryIsAnnouncedBetweenItsAttempts() {
        Recorder recorder = new Recorder();
        SyncClient client = newClient(b -> b.eventListener(recorder).retries(1, Duration.ofMillis(10)));
        client.table("TodoItem").insert(item("a", "one", false));
        service().failNextRequests(1, 503);
        await(client.syncContext().push());
        assertEquals(List.of("request start POST TodoItem #1", "request end POST TodoItem #1 503",
                "retry POST TodoItem #2 after status 503",
                "request start POST TodoItem #2", "request end POST TodoItem #2 201"),
                recorder.events.stream().filter(e -> e.contains("POST")).toList());
    }

    /** Checks that a conflict is reported as conflicted and a rejection as parked. */
    @Test
    default void aConflictIsReportedAsConflictedAndARejectionAsParked() {
        Recorder recorder = new Recorder();
        SyncClient client = newClient(b -> b.eventListener(recorder));
        SyncTable<ObjectNode> table = client.table("TodoItem");
        table.insert(item("a", "mine", false));
        await(client.syncContext().push());
        changedOnServer("a", "theirs");
        table.update(item("a", "mine, edited", false));
        table.insert(item("b", "refused", false));
        service().intercept(request -> request.method().equals("POST")
                ? dev.offlinesync.testkit.FakeResponse.error(400, "no") : null);
        assertThrows(PushFailedException.class, () -> await(client.syncContext().push()));
        List<String> outcomes = recorder.without("request").stream()
                .filter(e -> e.startsWith("conflicted") || e.startsWith("parked")).toList();
        assertEquals(List.of("conflicted a", "parked b REJECTED"), outcomes);
    }

    /** Checks that a network failure ends the request without a status. */
    @Test
    default void aNetworkFailureEndsTheRequestWithoutAStatus() {
        Recorder recorder = new Recorder();
        SyncClient client = newClient(b -> b.eventListener(recorder));
        service().intercept(request -> dev.offlinesync.testkit.FakeResponse.disconnect());
        assertThrows(SyncException.class, () -> await(client.table("TodoItem").pull(Query.all(), null)));
        assertEquals(List.of("pull start TodoItem", "request start GET TodoItem #1", "request end GET TodoItem #1 0",
                "pull end TodoItem failed"), recorder.events);
    }

    /** Checks that a listener that throws does not stop sync. */
    @Test
    default void aListenerThatThrowsDoesNotStopSync() {
        SyncClient client = newClient(b -> b.eventListener(new SyncEventListener() {
            @Override
            public void requestStart(String method, String table, int attempt) {
                throw new IllegalStateException("a broken metrics library");
            }
        }));
        client.table("TodoItem").insert(item("a", "one", false));
        await(client.syncContext().push());
        assertTrue(service().item("TodoItem", "a").isPresent());
    }

    /** Checks that the logging listener never logs tokens or item contents. */
    @Test
    default void theLoggingListenerNeverLogsTokensOrItemContents() {
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Logger events = java.util.logging.Logger.getLogger("dev.offlinesync.events");
        java.util.logging.Level before = events.getLevel();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        events.setLevel(java.util.logging.Level.ALL);
        events.addHandler(handler);
        try {
            SyncClient client = newClient(b -> b.eventListener(new LoggingEventListener())
                    .bearerToken(() -> "secret-token"));
            SyncTable<ObjectNode> table = client.table("TodoItem");
            table.insert(item("a", "secret text", false));
            await(table.pull(Query.all(), "all"));
            conflictWithAnotherClient(client, table);
        } finally {
            events.removeHandler(handler);
            events.setLevel(before);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("POST /tables/TodoItem")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO") && l.contains("conflicted")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("secret")), "logged a token or item text: " + lines);
    }

    private void conflictWithAnotherClient(SyncClient client, SyncTable<ObjectNode> table) {
        changedOnServer("a", "theirs");
        table.update(item("a", "secret text, edited", false));
        assertThrows(PushFailedException.class, () -> await(client.syncContext().push()));
    }
}

package dev.offlinesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request given up on (its thread interrupted because the sync was cancelled, or no answer within the request
 * timeout) fails at once with a message saying what happened, and the client answers the next request.
 */
class CancelledExchangeTest {

    /** A small page: it arrives in one read with its headers. */
    private static final byte[] ANSWER = ("{\"ok\":\"" + "x".repeat(1_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private ExecutorService handlers;
    /** Released when a request to {@code held} has arrived. */
    private final Semaphore heldArrived = new Semaphore(0);
    /** Opened to let the answer to {@code held} go. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        handlers = Executors.newFixedThreadPool(4);
        server = TestTableClients.loopbackServer(handlers, exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("held")) {
                heldArrived.release();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            TestTableClients.answerJson(exchange, 200, ANSWER);
        });
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
        Thread.interrupted();
    }

    private TableClient client(Duration requestTimeout) {
        return TestTableClients.onPort(server.getAddress().getPort(), requestTimeout, Duration.ofSeconds(5),
                RetryPolicy.NONE);
    }

    private static HttpCall get(String table) {
        return new HttpCall("GET", "tables/" + table, null, null, null);
    }

    @Test
    void aRequestInterruptedWhileWaitingFailsAtOnceAndALaterRequestIsAnswered() throws Exception {
        TableClient client = client(Duration.ofSeconds(5));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread fetching = new Thread(() -> {
            try {
                client.send(get("held"));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        fetching.start();
        assertTrue(heldArrived.tryAcquire(5, TimeUnit.SECONDS), "the request reached the server");

        fetching.interrupt();
        fetching.join();

        assertInstanceOf(TransportException.class, failure.get());
        assertTrue(failure.get().getMessage().contains("Interrupted while waiting for GET tables/held"),
                failure.get().getMessage());
        release.countDown();
        assertALaterRequestIsAnswered(client);
    }

    @Test
    void aRequestWithoutAnswerInTimeFailsAndALaterRequestIsAnswered() throws Exception {
        // long enough for the later request to be answered on a loaded machine (it failed once at 500 ms, load 11)
        TableClient client = client(Duration.ofSeconds(1));

        TransportException late = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> client.send(get("held")));

        assertTrue(late.getMessage().contains("No answer to GET tables/held within"), late.getMessage());
        release.countDown();
        assertALaterRequestIsAnswered(client);
    }

    /** A request after one given up on is answered: whatever became of the first one's connection. */
    private void assertALaterRequestIsAnswered(TableClient client) {
        assertEquals(200, client.send(get("TodoItem")).status());
    }
}

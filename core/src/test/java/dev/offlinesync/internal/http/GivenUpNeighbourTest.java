package dev.offlinesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request given up on (no headers within the request timeout) makes the JDK client cancel its exchange, which
 * closes that exchange's connection: when the answer arrives in that very instant, the connection may already be
 * back in the pool, or taken by another request, which then fails as if the network had failed. Such a neighbour (a
 * request of the same client whose connection fails during or just after a give-up) is sent again once at once,
 * outside the retry policy: its failure comes from the client itself, not from the network.
 *
 * <p>The JDK's timing cannot be steered from outside, so here the neighbour's connection is closed by the server
 * while or just after another request is given up: what the neighbour sees is the same failure.
 */
class GivenUpNeighbourTest {

    private static final byte[] ANSWER = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private ExecutorService handlers;
    private final Semaphore neighbourArrived = new Semaphore(0);
    private final Semaphore heldArrived = new Semaphore(0);
    private final CountDownLatch givenUp = new CountDownLatch(1);
    private final CountDownLatch releaseHeld = new CountDownLatch(1);
    private final AtomicInteger neighbourAttempts = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        handlers = Executors.newFixedThreadPool(4);
        server = TestTableClients.loopbackServer(handlers, exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("held")) {
                heldArrived.release();
                await(releaseHeld);
            }
            if (path.endsWith("neighbour") && neighbourAttempts.incrementAndGet() == 1) {
                neighbourArrived.release();
                await(givenUp);
                // its connection closes under it, as the JDK's cancel of the request given up closes it
                throw new IOException("the connection closes without an answer");
            }
            TestTableClients.answerJson(exchange, path.endsWith("neighbour") ? 201 : 200, ANSWER);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        givenUp.countDown();
        releaseHeld.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private TableClient client(Duration requestTimeout) {
        return TestTableClients.onPort(server.getAddress().getPort(), requestTimeout, Duration.ofSeconds(10),
                RetryPolicy.NONE);
    }

    private static HttpCall insert() {
        return new HttpCall("POST", "tables/neighbour", null, JsonNodeFactory.instance.objectNode().put("id", "a"), null);
    }

    @Test
    void aRequestWhoseConnectionFailsJustAfterAnotherTimedOutIsSentAgainOnce() {
        TableClient client = client(Duration.ofMillis(300));
        assertThrows(TransportException.class, () -> client.send(new HttpCall("GET", "tables/held", null, null,
                null)), "no answer within the request timeout: given up");
        givenUp.countDown();

        assertEquals(201, client.send(insert()).status(), "sent again once, though the policy retries nothing");
        assertEquals(2, neighbourAttempts.get());
    }

    @Test
    void aRequestWhoseConnectionFailsWhileAnotherIsCancelledIsSentAgainOnce() throws Exception {
        TableClient client = client(Duration.ofSeconds(5));
        CompletableFuture<Integer> neighbour = CompletableFuture.supplyAsync(() -> client.send(insert()).status());
        assertTrue(neighbourArrived.tryAcquire(10, TimeUnit.SECONDS), "the neighbour reached the server");
        Thread fetching = new Thread(() -> assertThrows(TransportException.class,
                () -> client.send(new HttpCall("GET", "tables/held", null, null, null))));
        fetching.start();
        assertTrue(heldArrived.tryAcquire(10, TimeUnit.SECONDS), "the other request reached the server");

        fetching.interrupt(); // the sync is cancelled: the JDK client cancels that exchange
        fetching.join();
        givenUp.countDown();

        assertEquals(201, neighbour.get(10, TimeUnit.SECONDS), "sent again once, though the policy retries nothing");
        assertEquals(2, neighbourAttempts.get());
    }

    @Test
    void aRequestWhoseConnectionFailsWithNoRequestGivenUpIsNotSentAgain() throws Exception {
        TableClient client = client(Duration.ofSeconds(5));
        CompletableFuture<Integer> neighbour = CompletableFuture.supplyAsync(() -> client.send(insert()).status());
        assertTrue(neighbourArrived.tryAcquire(10, TimeUnit.SECONDS), "the neighbour reached the server");

        givenUp.countDown();

        Exception failed = assertThrows(Exception.class, () -> neighbour.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof TransportException, String.valueOf(failed));
        assertEquals(1, neighbourAttempts.get(), "a network failure of its own follows the retry policy: none");
    }
}

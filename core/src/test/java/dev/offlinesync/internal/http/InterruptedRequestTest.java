package dev.offlinesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.RetryPolicy;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A thread interrupted while it waits (the app cancelled, or the client is closing) stops saying what to do. */
class InterruptedRequestTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aRequestInterruptedWhileWaitingForTheAnswerSaysToSyncAgain() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TableClient client = TestTableClients.onPort(silent.getLocalPort(), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), RetryPolicy.DEFAULT);
            Thread.currentThread().interrupt();

            TransportException failure = assertThrows(TransportException.class,
                    () -> client.send(new HttpCall("GET", "tables/TodoItem", null, null, null)));

            assertTrue(failure.getMessage().contains("Interrupted while waiting for GET tables/TodoItem"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("sync again; queued changes are kept"), failure.getMessage());
        }
    }

    @Test
    void aRetryInterruptedWhileWaitingSaysToSyncAgain() {
        RequestEvents attempts = new RequestEvents(TestTableClients.NO_EVENTS, "GET", "tables/TodoItem", null);
        Thread.currentThread().interrupt();

        TransportException failure = assertThrows(TransportException.class,
                () -> attempts.pause(Duration.ofSeconds(5), "GET tables/TodoItem", "status 503"));

        assertTrue(failure.getMessage().contains("Interrupted while waiting to retry GET tables/TodoItem"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("sync again; queued changes are kept"), failure.getMessage());
    }
}

package dev.offlinesync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import dev.offlinesync.store.memory.MemoryStore;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that sends the headers and part of a page, then stops sending: the pull must fail after the request
 * timeout instead of hanging (the JDK client's own timeout only covers the headers). WireMock cannot send
 * headers and then stall, so this uses the JDK's HTTP server.
 */
class StalledBodyTest {

    @Test
    void aPageWhoseBodyStopsArrivingFailsThePullAfterTheRequestTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tables/TodoItem", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("[{\"id\":\"a\",\"version\":\"MQ==\",".getBytes(StandardCharsets.UTF_8));
                body.flush();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try (SyncClient client = SyncClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .store(new MemoryStore()).requestTimeout(Duration.ofMillis(500)).retries(0, Duration.ofMillis(1))
                .build()) {
            SyncTable<ObjectNode> todos = client.table("TodoItem");
            ExecutionException failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ExecutionException.class, () -> todos.pull(Query.all(), null).get()));
            TransportException cause = assertInstanceOf(TransportException.class, failure.getCause());
            assertTrue(cause.getMessage().contains("stopped arriving"), cause.getMessage());
            assertEquals(0, todos.read(Query.all()).items().size());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }
}

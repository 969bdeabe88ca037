package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.internal.protocol.Protocol;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** A Mobile Apps table client on a loopback port, and the server it talks to, as the transport tests build them. */
final class TestTableClients {

    static final SyncEventListener NO_EVENTS = new SyncEventListener() { };

    private TestTableClients() {
    }

    static TableClient onPort(int port, Duration requestTimeout, Duration responseDeadline, RetryPolicy retries) {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpSettings settings = new HttpSettings(base, Map.of(), null, null, null, Duration.ofSeconds(2),
                requestTimeout, responseDeadline, retries, 1024 * 1024, null);
        return new TableClient(settings, Map.of(), Protocol.of(ProtocolDialect.MOBILE_APPS, null),
                new ObjectMapper(), NO_EVENTS);
    }

    /** A started server on a free loopback port that answers every path with {@code handler}, on {@code handlers}. */
    static HttpServer loopbackServer(ExecutorService handlers, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** Answers an exchange with a JSON body of known length. */
    static void answerJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

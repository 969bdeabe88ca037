package dev.offlinesync.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A forwarding HTTP proxy on 127.0.0.1 in front of a table service that records every request line, so that a
 * scenario counts what a device really sent instead of trusting the library's own counters. When the service
 * cannot be reached the proxy drops the device's connection without an answer, as the unreachable service
 * itself would.
 */
final class RecordingProxy implements AutoCloseable {

    /** Headers the JDK client sets itself (and refuses to be given). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "transfer-encoding", "date");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "recording-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<LostAnswer> lostAnswer = new AtomicReference<>();

    /** The answer to the {@code occurrence}-th request whose line starts with {@code prefix} is lost. */
    private record LostAnswer(String prefix, AtomicInteger countdown, Runnable then) {
    }

    private RecordingProxy(URI target) {
        this.target = target;
        try {
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("cannot start the recording proxy on 127.0.0.1", e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts a proxy that forwards to {@code target} (a service root like {@code http://127.0.0.1:PORT/}). */
    static RecordingProxy start(URI target) {
        return new RecordingProxy(target);
    }

    /** The proxy's root: give this to a device instead of the service's. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Every request so far as {@code "GET /tables/TodoItem?$top=1000&..."}, query decoded, oldest first. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose line starts with {@code prefix}, e.g. {@code "GET /tables/TodoItem?"} for lists. */
    List<String> requestsStartingWith(String prefix) {
        return requests.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /**
     * Forwards the {@code occurrence}-th next request whose line starts with {@code prefix} (1: the next one) to
     * the service, which handles it, then runs {@code then} (for example {@code server::kill}) and drops the
     * device's connection instead of answering: the change is made on the server but the device never hears
     * of it, as when the server or the network fails between commit and answer.
     */
    void loseTheAnswerTo(String prefix, int occurrence, Runnable then) {
        lostAnswer.set(new LostAnswer(prefix, new AtomicInteger(occurrence), then));
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String rawQuery = uri.getRawQuery();
            String line = exchange.getRequestMethod() + " " + uri.getRawPath()
                    + (rawQuery == null ? "" : "?" + URLDecoder.decode(rawQuery, StandardCharsets.UTF_8));
            requests.add(line);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String pathAndQuery = uri.getRawPath().substring(1) + (rawQuery == null ? "" : "?" + rawQuery);
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // the service is unreachable: close the device's connection without an answer, as it would be
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LostAnswer lost = lostAnswer.get();
            if (lost != null && line.startsWith(lost.prefix())
                    && lost.countdown().decrementAndGet() == 0 && lostAnswer.compareAndSet(lost, null)) {
                lost.then().run();
                return; // the device's connection closes without an answer
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }
}

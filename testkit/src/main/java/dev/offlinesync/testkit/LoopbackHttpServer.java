package dev.offlinesync.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK HTTP server of a {@link FakeTableService}: 127.0.0.1, a free port, a few daemon threads. */
final class LoopbackHttpServer implements AutoCloseable {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoopbackHttpServer(HttpHandler handler, int threads) {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        AtomicInteger threadCount = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "fake-table-service-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the fake table service on 127.0.0.1", e);
        }
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    URI uri() {
        return uri;
    }

    /** Stops the server at once and its threads. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}

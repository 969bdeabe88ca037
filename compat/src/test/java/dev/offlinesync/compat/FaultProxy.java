package dev.offlinesync.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a table service that injects the faults a mobile network and a busy
 * server produce, per request: scripted for a method and path ({@link #inject}), or at random from a seed
 * ({@link #injectAtRandom}). Each device connection carries one request (the proxy answers with
 * {@code Connection: close}), forwarded to the service on a fresh connection.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.uri(), Duration.ofSeconds(2))) {
 *     proxy.inject("PATCH /tables/TodoItem/milk", Fault.RESET_AFTER_ANSWER, 1); // the server commits, the device fails
 *     SyncClient phone = devices.device(proxy.uri(), null);
 * }
 * }</pre>
 */
final class FaultProxy implements AutoCloseable {

    /** What happens to one request. */
    enum Fault {
        /** Forwarded, and the service's answer passed on. */
        FORWARD,
        /** Forwarded; once the service has answered (and committed), the device's connection is reset. */
        RESET_AFTER_ANSWER,
        /** Forwarded; the device gets the status line, headers and half the body, then the connection closes. */
        TRUNCATE_BODY,
        /** Forwarded; the answer is held back for the proxy's delay (longer than the device's timeout). */
        DELAY_ANSWER,
        /** Not forwarded: the proxy answers 503 itself, as an overloaded gateway would. */
        SERVER_ERROR
    }

    /** A request the proxy handled, as {@code "PATCH /tables/TodoItem/milk"} (query decoded), and its fault. */
    record Handled(String line, Fault fault) {
    }

    private static final int SERVICE_TIMEOUT_MS = 30_000;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final URI target;
    private final Duration delay;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private Random random;
    private int faultPercent;
    private volatile boolean closed;

    /** The next {@code remaining} requests whose line starts with {@code prefix} get {@code fault}. */
    private static final class Rule {
        final String prefix;
        final Fault fault;
        int remaining;

        Rule(String prefix, Fault fault, int remaining) {
            this.prefix = prefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private FaultProxy(URI target, Duration delay) {
        this.target = target;
        this.delay = delay;
        try {
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            this.listener = new ServerSocket(0, 50, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy on 127.0.0.1", e);
        }
        this.acceptor = new Thread(this::accept, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code target} (a service root like {@code http://127.0.0.1:PORT/}); {@code delay} is
     * how long {@link Fault#DELAY_ANSWER} holds an answer back.
     */
    static FaultProxy start(URI target, Duration delay) {
        return new FaultProxy(target, delay);
    }

    /** The proxy's root: give this to a device instead of the service's. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /**
     * The next {@code times} requests whose line starts with {@code prefix} (e.g. {@code "POST /tables/TodoItem"}
     * or {@code "PATCH /tables/TodoItem/milk"}) get {@code fault}; rules apply in the order they were given.
     */
    synchronized void inject(String prefix, Fault fault, int times) {
        rules.add(new Rule(prefix, fault, times));
    }

    /** Every request that no rule matches gets a fault with this probability, chosen by a seeded random. */
    synchronized void injectAtRandom(long seed, int percent) {
        this.random = new Random(seed);
        this.faultPercent = percent;
    }

    /** No more faults: every request from now on is forwarded. */
    synchronized void heal() {
        rules.clear();
        random = null;
        faultPercent = 0;
    }

    /** Every request so far with its fault, oldest first. */
    List<Handled> handled() {
        return List.copyOf(handled);
    }

    /** The lines of the requests handled so far, oldest first. */
    List<String> requests() {
        return handled.stream().map(Handled::line).toList();
    }

    void clear() {
        handled.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the fault proxy's socket", e);
        } finally {
            open.forEach(FaultProxy::closeQuietly);
        }
    }

    private synchronized Fault choose(String line) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (line.startsWith(rule.prefix)) {
                if (--rule.remaining <= 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        if (random != null && random.nextInt(100) < faultPercent) {
            Fault[] faults = Fault.values();
            return faults[1 + random.nextInt(faults.length - 1)];
        }
        return Fault.FORWARD;
    }

    private void accept() {
        while (!closed) {
            Socket device;
            try {
                device = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(device);
            Thread handler = new Thread(() -> handle(device), "fault-proxy-request");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket device) {
        try (device) {
            device.setSoTimeout(SERVICE_TIMEOUT_MS);
            InputStream in = device.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return; // the device closed an idle connection
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = headText.substring(0, headText.indexOf("\r\n"));
            byte[] body = in.readNBytes(contentLength(headText));
            String[] parts = requestLine.split(" ");
            String line = parts[0] + " " + URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8);
            Fault fault = choose(line);
            handled.add(new Handled(line, fault));
            if (fault == Fault.SERVER_ERROR) {
                byte[] error = "{\"error\":\"injected by the fault proxy\"}".getBytes(StandardCharsets.UTF_8);
                write(device, ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + error.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1), error, error.length);
                return;
            }
            byte[] answer;
            try {
                answer = exchange(headText, body);
            } catch (IOException e) {
                reset(device); // the service is unreachable: so is the proxy
                return;
            }
            int bodyStart = indexOf(answer, HEAD_END) + HEAD_END.length;
            switch (fault) {
                case RESET_AFTER_ANSWER -> reset(device);
                case TRUNCATE_BODY -> {
                    int bodyLength = answer.length - bodyStart;
                    write(device, new byte[0], answer, bodyStart + bodyLength / 2);
                    reset(device);
                }
                case DELAY_ANSWER -> {
                    Thread.sleep(delay.toMillis());
                    write(device, new byte[0], answer, answer.length);
                }
                default -> write(device, new byte[0], answer, answer.length);
            }
        } catch (IOException e) {
            // the device gave up (e.g. its timeout passed during a delay): nothing more to do for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(device);
        }
    }

    /** Sends the request to the service on a new connection and reads its whole answer. */
    private byte[] exchange(String headText, byte[] body) throws IOException {
        try (Socket service = new Socket()) {
            service.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
            service.setSoTimeout(SERVICE_TIMEOUT_MS);
            StringBuilder head = new StringBuilder();
            for (String header : headText.split("\r\n")) {
                if (!header.isEmpty() && !header.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    head.append(header).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = service.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            byte[] answer = service.getInputStream().readAllBytes();
            if (indexOf(answer, HEAD_END) < 0) {
                throw new IOException("the service closed the connection without a complete answer");
            }
            return answer;
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < HEAD_END.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == HEAD_END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static int contentLength(String head) {
        for (String header : head.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                return Integer.parseInt(header.substring("content-length:".length()).trim());
            }
            if (lower.startsWith("transfer-encoding:")) {
                throw new IllegalStateException("the fault proxy does not read chunked requests: " + header);
            }
        }
        return 0;
    }

    private static void write(Socket device, byte[] prefix, byte[] bytes, int length) throws IOException {
        OutputStream out = device.getOutputStream();
        out.write(prefix);
        out.write(bytes, 0, length);
        out.flush();
    }

    /** Closes with a TCP reset (linger 0): the device sees "connection reset", not an orderly end. */
    private static void reset(Socket device) {
        try {
            device.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed: the device has lost the connection either way
        }
        closeQuietly(device);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken connection: nothing is lost
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

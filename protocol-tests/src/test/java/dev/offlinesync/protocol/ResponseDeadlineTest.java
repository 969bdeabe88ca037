package dev.offlinesync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that sends the headers, then the body one byte every 100 ms, never pausing long enough for the
 * request timeout to see a stall: the response deadline cuts it. WireMock cannot trickle a body, so this is a raw
 * socket on the loopback address.
 */
class ResponseDeadlineTest extends ProtocolTestBase {

    private ServerSocket trickler;

    @AfterEach
    void stopTrickler() throws IOException {
        if (trickler != null) {
            trickler.close();
        }
    }

    /** Serves every request with this status and an endless JSON body of spaces after a '['. */
    private URI tricklingServer(int status) throws IOException {
        trickler = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!trickler.isClosed()) {
                try (Socket socket = trickler.accept()) {
                    readRequest(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: 100000"
                            + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 300 && !trickler.isClosed(); i++) {
                        out.flush();
                        Thread.sleep(100);
                        out.write(' ');
                    }
                } catch (IOException e) {
                    // the client cut the connection, or the test closed the server: serve the next one, or stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "trickling-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/");
    }

    /** Reads a request's headers and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
    }

    private SyncClient trickled(URI uri) {
        return clientAt(uri, b -> b.requestTimeout(Duration.ofSeconds(5)).responseDeadline(Duration.ofSeconds(1)));
    }

    @Test
    void tricklingBodyIsCutAtTheResponseDeadline() throws IOException {
        SyncClient client = trickled(tricklingServer(200));
        SyncTable<ObjectNode> todos = todos(client);

        TransportException failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> failure(todos.pull(Query.all(), null), TransportException.class));

        assertTrue(failure.getMessage().contains("response deadline (PT1S)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("nothing of it was applied"), failure.getMessage());
        assertTrue(todos.read(Query.all()).items().isEmpty());
    }

    @Test
    void aPushWhoseAnswerTricklesAbortsAsNetworkAndKeepsTheOperation() throws IOException {
        SyncClient client = trickled(tricklingServer(201));
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", "buy milk", false));

        PushResult result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> failure(client.syncContext().push(), PushFailedException.class)).result();

        assertEquals(AbortReason.NETWORK, result.abortReason());
        TransportException cause = assertInstanceOf(TransportException.class, result.abortCause());
        assertTrue(cause.getMessage().contains("response deadline"), cause.getMessage());
        assertQueue(client, OperationKind.INSERT, "a");
        assertEquals("null", field(todos, "a", "version"));
    }

    @Test
    void aTricklingErrorBodyDoesNotHoldUpTheError() throws IOException {
        SyncClient client = trickled(tricklingServer(400));
        SyncTable<ObjectNode> todos = todos(client);

        HttpStatusException failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> failure(todos.pull(Query.all(), null), HttpStatusException.class));

        assertEquals(400, failure.status());
        assertTrue(failure.body().contains("unreadable"), failure.body());
    }
}

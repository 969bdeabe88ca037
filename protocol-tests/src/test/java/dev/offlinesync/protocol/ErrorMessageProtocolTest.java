package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.offlinesync.protocol.PullProtocolTest.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.PushResult.AbortReason;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the app's log gets from an error answer: what happened and what to do, with at most a short quote of the
 * server's error text and never the item the body may echo (the whole body stays in {@code body()}).
 */
class ErrorMessageProtocolTest extends ProtocolTestBase {

    private static final String SECRET = "diagnosis: confidential";
    private static final String SIGNATURE = "Zm9vYmFyc2lnbmF0dXJl";

    private static SyncTable<ObjectNode> oneInsert(SyncClient client) {
        SyncTable<ObjectNode> todos = todos(client);
        todos.insert(todo("a", SECRET, false));
        return todos;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void redirectMessageSaysToCheckTheServiceUri(int status) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(aResponse().withStatus(status)
                .withHeader("Location", "https://example.org/tables/TodoItem")));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertEquals(status, failure.status());
        assertTrue(failure.getMessage().contains("redirect to https://example.org/tables/TodoItem"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("check the service URI"), failure.getMessage());
    }

    /** A redirect's query may carry a token or a signature (SAS): the message names where, not with what. */
    @Test
    void aRedirectIsNamedWithoutItsQueryFragmentOrUserInfo() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(aResponse().withStatus(302).withHeader("Location",
                "https://reader:" + SIGNATURE + "@example.org:8443/tables/TodoItem?sv=2024&sig=" + SIGNATURE
                        + "#" + SIGNATURE)));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertTrue(failure.getMessage().contains("redirect to https://example.org:8443/tables/TodoItem (its user"
                + " info, query and fragment left out)"), failure.getMessage());
        assertFalse(failure.getMessage().contains(SIGNATURE), failure.getMessage());
        assertFalse(failure.getMessage().contains("sv=2024"), failure.getMessage());
    }

    @Test
    void anUnreachableServiceIsNamedWithoutItsUserInfo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SyncClient offline = clientAt(URI.create("http://app:" + SIGNATURE + "@127.0.0.1:" + closedPort + "/"),
                b -> { });

        TransportException failure = failure(todos(offline).pull(Query.all(), null), TransportException.class);

        assertTrue(failure.getMessage().contains("Cannot reach http://127.0.0.1:" + closedPort + "/ (its user info"
                + " left out)"), failure.getMessage());
        assertFalse(failure.getMessage().contains(SIGNATURE), failure.getMessage());
    }

    @Test
    void aPushAnswerLargerThanAllowedSaysToRaiseTheLimit() {
        SyncClient client = client(b -> b.maxResponseBytes(1024));
        oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201,
                serverItem("a", "x".repeat(2000), false, "MQ==", T1))));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertSays(messageOf(result), "is larger than 1024 bytes", "nothing of it was applied",
                "raise maxResponseBytes");
        assertQueue(client, OperationKind.INSERT, "a");
    }

    @Test
    void aPageLargerThanAllowedSaysToPullSmallerPagesOrRaiseTheLimit() {
        SyncClient client = client(b -> b.maxResponseBytes(1024));
        SyncTable<ObjectNode> todos = todos(client);
        ObjectNode[] items = new ObjectNode[20];
        for (int i = 0; i < items.length; i++) {
            items[i] = serverItem("i" + i, "item number " + i, false, "MQ==", T1);
        }
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(items))));

        ProtocolException failure = failure(todos.pull(Query.all(), null), ProtocolException.class);

        assertSays(failure.getMessage(), "is larger than 1024 bytes", "nothing of it was applied",
                "lower the pull page size", "raise maxResponseBytes");
        assertTrue(todos.read(Query.all()).items().isEmpty());
    }

    @Test
    void aPushAnswerWithoutAnIdSaysWhatToCheck() {
        SyncClient client = client();
        oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(201, json("{}").put("text", "saved"))));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertSays(messageOf(result), "has no string 'id'", "nothing of it was applied",
                "check that the table's id column is a string");
        assertQueue(client, OperationKind.INSERT, "a");
    }

    private static void assertSays(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "no \"" + part + "\" in: " + message);
        }
    }

    /** Why the push failed: the cause that stopped it, or the operation's error. */
    private static String messageOf(PushResult result) {
        return result.abortCause() != null ? result.abortCause().getMessage() : result.errors().get(0).message();
    }

    @Test
    void errorMessagesDoNotQuoteItemContents() {
        SyncClient client = client();
        oneInsert(client);
        ObjectNode body = json(error("The item could not be validated")).set("item", todo("a", SECRET, false));
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(jsonAnswer(400, body)));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        OperationError error = result.errors().get(0);
        assertEquals(400, error.status());
        assertTrue(error.message().contains("\"The item could not be validated\""), error.message());
        assertFalse(error.message().contains(SECRET), error.message());
    }

    @Test
    void anErrorTextIsQuotedUpToFortyCharacters() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        String text = "Invalid value for field 'text' near '" + SECRET + "'";
        server.stubFor(page(null).willReturn(jsonAnswer(400, json("{}").put("message", text))));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertTrue(failure.getMessage().contains("\"" + text.substring(0, 40) + "...\""), failure.getMessage());
        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
        assertEquals(json("{}").put("message", text).toString(), failure.body(), "the whole body, for programs");
    }

    @Test
    void aBodyWithoutAnErrorFieldIsNotQuotedAtAll() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(aResponse().withStatus(500).withBody("query failed on " + SECRET)));

        HttpStatusException failure = failure(todos.pull(Query.all(), null), HttpStatusException.class);

        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
        assertTrue(failure.getMessage().contains("try again later"), failure.getMessage());
        assertTrue(failure.body().contains(SECRET));
    }

    @Test
    void anUnreadableAnswerToAPushIsNotQuoted() {
        SyncClient client = client();
        oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(201)
                .withBody("<html>saved " + SECRET + "</html>")));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        ProtocolException cause = assertInstanceOf(ProtocolException.class, result.abortCause());
        assertTrue(cause.getMessage().contains("not valid JSON"), cause.getMessage());
        assertFalse(cause.getMessage().contains(SECRET), cause.getMessage());
    }

    @Test
    void anUnreadablePageIsNotQuoted() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"a\",\"text\": " + SECRET + "}]")));

        ProtocolException failure = failure(todos.pull(Query.all(), null), ProtocolException.class);

        assertTrue(failure.getMessage().contains("not valid JSON (at line 1, column"), failure.getMessage());
        assertFalse(failure.getMessage().contains("diagnosis"), failure.getMessage());
        assertTrue(todos.read(Query.all()).items().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 201, 204})
    void aPushAnswerWithoutABodySaysTheServerMustReturnTheItem(int status) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = oneInsert(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(status)));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(AbortReason.SERVER, result.abortReason());
        ProtocolException cause = assertInstanceOf(ProtocolException.class, result.abortCause());
        assertTrue(cause.getMessage().contains("answered " + status + " with no body to POST /tables/" + TABLE),
                cause.getMessage());
        assertTrue(cause.getMessage().contains("make the server answer with the item"), cause.getMessage());
        assertQueue(client, OperationKind.INSERT, "a");
        assertEquals("null", field(todos, "a", "version"));
    }

    @Test
    void aJsonNotFoundOnTheTableRouteSaysTheTableIsMissing() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(404, error("Error: Table 'TodoItem' does not exist."))));

        NoSuchTableException failure = failure(todos.pull(Query.all(), null), NoSuchTableException.class);

        assertEquals(404, failure.status());
        assertTrue(failure.getMessage().contains("no table at tables/" + TABLE), failure.getMessage());
        assertTrue(failure.getMessage().contains("check the table name"), failure.getMessage());
    }

    @Test
    void aNotFoundOnAnItemRouteSaysTheItemIsGoneAndWhatToDo() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        todos.update(todo("a", "buy oat milk", false));
        server.stubFor(patch(urlEqualTo(TABLE_PATH + "/a")).willReturn(jsonAnswer(404, error("The item does not exist"))));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertNull(result.abortReason());
        OperationError error = result.errors().get(0);
        assertEquals(404, error.status());
        assertTrue(error.message().contains("no item at tables/" + TABLE + "/a"), error.message());
        assertTrue(error.message().contains("discard or resolve the local change"), error.message());
    }
}

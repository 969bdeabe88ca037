package dev.offlinesync.protocol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.offlinesync.protocol.PullProtocolTest.after;
import static dev.offlinesync.protocol.PullProtocolTest.ids;
import static dev.offlinesync.protocol.PullProtocolTest.page;
import static dev.offlinesync.protocol.PullProtocolTest.pageRequested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.OperationKind;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad answers become clear exceptions and change nothing locally: a page is applied whole or not at all, and
 * the pages before it stay applied.
 */
class MalformedResponseProtocolTest extends ProtocolTestBase {

    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String HTML = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /tables/TodoItem</pre>\n</body>\n</html>\n";

    private final ObjectNode a = serverItem("a", "first", false, "MQ==", T1);
    private final ObjectNode b = serverItem("b", "second", false, "MQ==", T2);

    /** A good row "c" followed by a bad row "d", or a body that is bad as a whole. */
    static Stream<Arguments> badPages() {
        ObjectNode c = serverItem("c", "good row of a bad page", false, "MQ==", T3);
        ObjectNode d = serverItem("d", "bad", false, "MQ==", T4);
        String good = c.toString();
        return Stream.of(
                Arguments.of("truncated JSON", "[" + good + ",{\"id\":\"d\",\"text\":\"cut he", JSON_TYPE),
                Arguments.of("truncated after the results list", "{\"results\":[" + good + "],\"count\":1", JSON_TYPE),
                Arguments.of("a JSON object instead of a list", good, JSON_TYPE),
                Arguments.of("an error object instead of a list", error("something broke"), JSON_TYPE),
                Arguments.of("an HTML page", HTML, "text/html; charset=utf-8"),
                Arguments.of("an empty body", "", JSON_TYPE),
                Arguments.of("a number in the list", "[" + good + ",42]", JSON_TYPE),
                Arguments.of("data after the list", "[" + good + "][]", JSON_TYPE),
                Arguments.of("a string for a BOOLEAN column", array(c, d.deepCopy().put("complete", "yes")), JSON_TYPE),
                Arguments.of("a row without id", array(c, without(d, "id")), JSON_TYPE),
                Arguments.of("a row with a numeric id", array(c, d.deepCopy().put("id", 4)), JSON_TYPE),
                Arguments.of("a row without version", array(c, without(d, "version")), JSON_TYPE),
                Arguments.of("a row without updatedAt", array(c, without(d, "updatedAt")), JSON_TYPE),
                Arguments.of("an unreadable updatedAt", array(c, d.deepCopy().put("updatedAt", "yesterday")),
                        JSON_TYPE),
                Arguments.of("a row before the cursor", array(c, d.deepCopy().put("updatedAt", T1)), JSON_TYPE));
    }

    private static ObjectNode without(ObjectNode item, String field) {
        ObjectNode copy = item.deepCopy();
        copy.remove(field);
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPages")
    void aBadPageFailsThePullAndNothingOfItIsAppliedButEarlierPagesStay(String what, String body, String type) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", type)
                .withBody(body)));

        ProtocolException failure = failure(todos.pull(Query.all(), "q", PullOptions.defaults().withPageSize(2)),
                ProtocolException.class);

        assertTrue(failure.getMessage().contains("TodoItem"), failure.getMessage());
        assertTrue(failure.getMessage().contains("check"), "says what to check: " + failure.getMessage());
        server.verify(1, pageRequested(after(T2, "b"), 2));
        assertEquals(List.of("a", "b"), ids(todos));
        assertQueue(client);
    }

    @Test
    void afterABadPageThePullResumesAfterTheLastGoodPage() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        ObjectNode c = serverItem("c", "third", false, "MQ==", T3);
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(a, b))));
        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(c, without(c, "version")))));
        failure(todos.pull(Query.all(), "q", PullOptions.defaults().withPageSize(2)), ProtocolException.class);

        server.stubFor(page(after(T2, "b")).willReturn(jsonAnswer(200, array(c))));
        done(todos.pull(Query.all(), "q", PullOptions.defaults().withPageSize(2)));

        server.verify(1, pageRequested(null, 2));
        server.verify(2, pageRequested(after(T2, "b"), 2));
        assertEquals(List.of("a", "b", "c"), ids(todos));
    }

    @Test
    void anUnknownTableAnswersWithAnHtml404AndFailsThePullWithNoSuchTable() {
        SyncClient client = client();
        SyncTable<ObjectNode> missing = client.table("NoSuchTable");
        server.stubFor(get(urlPathEqualTo("/tables/NoSuchTable")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody(HTML.replace("TodoItem", "NoSuchTable"))));

        NoSuchTableException failure = failure(missing.pull(Query.all(), null), NoSuchTableException.class);

        assertEquals(404, failure.status());
        assertTrue(failure.getMessage().contains("tables/NoSuchTable"), failure.getMessage());
        assertTrue(failure.getMessage().contains("check the table name"), failure.getMessage());
        assertTrue(missing.read(Query.all()).items().isEmpty());
    }

    static Stream<Arguments> badItems() {
        ObjectNode item = serverItem("a", "buy milk", false, "MQ==", T1);
        return Stream.of(
                Arguments.of("truncated JSON", item.toString().substring(0, 40), JSON_TYPE),
                Arguments.of("an HTML page", HTML, "text/html; charset=utf-8"),
                Arguments.of("an empty body", "", JSON_TYPE),
                Arguments.of("a list instead of an item", array(item), JSON_TYPE),
                Arguments.of("an item without id", without(item, "id").toString(), JSON_TYPE),
                Arguments.of("a string for a BOOLEAN column", item.deepCopy().put("complete", "yes").toString(),
                        JSON_TYPE),
                Arguments.of("an unreadable updatedAt", item.deepCopy().put("updatedAt", "now").toString(),
                        JSON_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badItems")
    void aBadAnswerToAnInsertAbortsThePushAndKeepsTheOperationAndTheRow(String what, String body, String type) {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        server.stubFor(post(urlEqualTo(TABLE_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", type).withBody(body)));
        todos.insert(todo("a", "buy milk", false));
        todos.insert(todo("b", "bread", false));

        PushResult result = failure(client.syncContext().push(), PushFailedException.class).result();

        assertEquals(PushResult.AbortReason.SERVER, result.abortReason());
        assertInstanceOf(ProtocolException.class, result.abortCause());
        assertEquals(0, result.completedOperations());
        server.verify(1, postRequestedFor(urlEqualTo(TABLE_PATH)));
        assertQueue(client, OperationKind.INSERT, "a", OperationKind.INSERT, "b");
        assertTrue(client.syncContext().errors().isEmpty());
        assertEquals("buy milk", field(todos, "a", "text"));
        assertEquals("false", field(todos, "a", "complete"));
        assertEquals("null", field(todos, "a", "version"));
        assertEquals("null", field(todos, "a", "updatedAt"));
    }
}

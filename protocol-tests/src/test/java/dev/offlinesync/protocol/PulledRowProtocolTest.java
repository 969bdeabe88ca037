package dev.offlinesync.protocol;

import static dev.offlinesync.protocol.PullProtocolTest.ids;
import static dev.offlinesync.protocol.PullProtocolTest.page;
import static dev.offlinesync.protocol.PullProtocolTest.pageRequested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the items of a list answer become rows: each value of its column's type whatever JSON form the server chose
 * for it, and a value that fits no column fails its page whole, naming the item and the field wherever they stand
 * in the item.
 */
class PulledRowProtocolTest extends ProtocolTestBase {

    private static final String PAGE = "{\"id\":\"%s\",\"updatedAt\":\"%s\",\"version\":\"MQ==\",\"deleted\":false%s}";

    /** The fixture's table with a column of every type. */
    private static SyncTable<ObjectNode> everyType(SyncClient client) {
        return client.table(TABLE, Map.of("text", ColumnType.STRING, "complete", ColumnType.BOOLEAN,
                "count", ColumnType.INTEGER, "amount", ColumnType.REAL, "due", ColumnType.DATE,
                "tags", ColumnType.JSON));
    }

    private static String item(String id, String updatedAt, String fields) {
        return String.format(PAGE, id, updatedAt, fields);
    }

    @Test
    void aValueThatFitsNoColumnInTheMiddleOfAPageFailsThePageNamingTheItemAndTheField() {
        SyncClient client = client();
        SyncTable<ObjectNode> todos = todos(client);
        ObjectNode c = serverItem("c", "good", false, "MQ==", T1);
        ObjectNode e = serverItem("e", "good too", true, "MQ==", T3);
        // the bad field comes before the id, as the Node server orders an item's fields
        ObjectNode d = serverItem("d", "bad", false, "MQ==", T2).put("complete", "yes");
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(c, d, e))));

        ProtocolException failure = failure(todos.pull(Query.all(), "q"), ProtocolException.class);

        assertTrue(failure.getMessage().contains("item 'd' of table TodoItem"), failure.getMessage());
        assertTrue(failure.getMessage().contains("field 'complete' must be BOOLEAN but is a JSON string"),
                failure.getMessage());
        assertEquals(List.of(), ids(todos));
        server.stubFor(page(null).willReturn(jsonAnswer(200, array(c, e))));
        done(todos.pull(Query.all(), "q"));
        server.verify(2, pageRequested(null, 1000)); // the cursor did not move past the failed page
        assertEquals(List.of("c", "e"), ids(todos));
    }

    @Test
    void aFieldSentTwiceIsReadAsItsLastValue() {
        SyncTable<ObjectNode> todos = todos(client());
        server.stubFor(page(null).willReturn(jsonAnswer(200, "[" + item("a", T1,
                ",\"complete\":\"yes\",\"text\":1,\"complete\":true,\"text\":\"milk\"") + "]")));

        done(todos.pull(Query.all(), null));

        assertEquals("true", field(todos, "a", "complete"));
        assertEquals("milk", field(todos, "a", "text"));
    }

    @Test
    void aTombstoneIsAppliedWhateverItsOtherFieldsHold() {
        SyncTable<ObjectNode> todos = todos(client());
        seedByPull(todos, serverItem("a", "buy milk", false, "MQ==", T1));
        server.stubFor(page(null).willReturn(jsonAnswer(200, "[" + item("a", T2, ",\"complete\":\"gone\",\"text\":"
                + "{\"was\":[1,2]}").replace("\"deleted\":false", "\"deleted\":true") + "]")));

        done(todos.pull(Query.all(), null));

        assertEquals(List.of(), ids(todos));
    }

    @Test
    void everyJsonFormOfAValueArrivesAsItsColumnsType() {
        SyncTable<ObjectNode> todos = everyType(client());
        server.stubFor(page(null).willReturn(jsonAnswer(200, "[" + item("a", T1, ",\"count\":3.0,\"amount\":2,"
                + "\"due\":\"2026-01-02T03:04:05.678Z\",\"tags\":{\"n\":[1,2.5,\"x\",null,true]},\"text\":null,"
                + "\"complete\":false,\"extra\":12345678901234567890,\"nested\":[{\"k\":1}],\"small\":7,"
                + "\"ratio\":0.25") + "]")));

        done(todos.pull(Query.all(), null));

        ObjectNode row = todos.lookup("a").orElseThrow();
        assertEquals(3L, row.get("count").longValue());
        assertTrue(row.get("count").isIntegralNumber(), row.toString());
        assertEquals(2.0, row.get("amount").doubleValue());
        assertTrue(row.get("amount").isFloatingPointNumber(), row.toString());
        assertEquals("2026-01-02T03:04:05.678Z", row.get("due").asText());
        assertEquals("{\"n\":[1,2.5,\"x\",null,true]}", row.get("tags").toString());
        assertTrue(row.get("text").isNull(), row.toString());
        assertEquals(false, row.get("complete").booleanValue());
        assertEquals(1.2345678901234567e19, row.get("extra").doubleValue()); // too large for a long: a double
        assertEquals("[{\"k\":1}]", row.get("nested").toString());
        assertEquals(7L, row.get("small").longValue());
        assertEquals(0.25, row.get("ratio").doubleValue());
    }

    @Test
    void aNumberWithAFractionFailsAnIntegerColumn() {
        SyncTable<ObjectNode> todos = everyType(client());
        server.stubFor(page(null).willReturn(jsonAnswer(200, "[" + item("a", T1, ",\"count\":2.5") + "]")));

        ProtocolException failure = failure(todos.pull(Query.all(), null, PullOptions.defaults()),
                ProtocolException.class);

        assertTrue(failure.getMessage().contains("field 'count' must be INTEGER but is a JSON number"),
                failure.getMessage());
        assertEquals(List.of(), ids(todos));
    }
}

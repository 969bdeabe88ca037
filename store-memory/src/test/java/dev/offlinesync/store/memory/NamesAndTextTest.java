package dev.offlinesync.store.memory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names and text a client refuses with InvalidItemException before the store sees them. */
class NamesAndTextTest {

    private final SyncClient client = SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(new MemoryStore()).build();

    @AfterEach
    void close() {
        client.close();
    }

    private static ObjectNode item(String id) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("text", "t");
    }

    @Test
    void theEngineTableNamesAreReservedInAnyCase() {
        SyncTable<ObjectNode> todo = client.table("todo");
        todo.insert(item("a"));

        for (String name : new String[] {"ms_tableoperations", "MS_TABLECONFIG", "Ms_Anything"}) {
            InvalidItemException e = assertThrows(InvalidItemException.class, () -> client.table(name));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        }

        assertEquals(1, client.syncContext().pendingOperations().size(), "the queue is untouched");
    }

    @Test
    void tableAndColumnNamesThatDifferOnlyInCaseAreRefused() {
        client.table("todo", Map.of("text", ColumnType.STRING));

        assertThrows(InvalidItemException.class, () -> client.table("Todo"));
        assertThrows(InvalidItemException.class, () -> client.table("other", Map.of("text", ColumnType.STRING,
                "Text", ColumnType.STRING)));
    }

    @Test
    void aRefusedRedefinitionLeavesTheTableAsItWas() {
        client.table("todo", Map.of("text", ColumnType.STRING));
        assertThrows(InvalidItemException.class, () -> client.table("todo", Map.of("Text", ColumnType.INTEGER)));

        SyncTable<ObjectNode> todo = client.table("todo");
        todo.insert(item("a").put("Text", "an undeclared field, kept as it came"));
        assertEquals("an undeclared field, kept as it came", todo.lookup("a").orElseThrow().get("Text").asText());
    }

    @Test
    void namesAndIdsWithAnUnpairedSurrogateAreRefused() {
        assertThrows(InvalidItemException.class, () -> client.table("todo\uD800"));
        assertThrows(InvalidItemException.class, () -> client.table("todo", Map.of("te\uDC00xt", ColumnType.STRING)));
        SyncTable<ObjectNode> todo = client.table("todo");

        assertThrows(InvalidItemException.class, () -> todo.insert(item("item-\uD83D")));
        assertThrows(InvalidItemException.class, () -> todo.lookup("item-\uD83D"));

        todo.insert(item("item-😀"));
        assertEquals(1, todo.read(Query.all()).items().size());
        assertEquals(1, client.syncContext().pendingOperations().size());
    }
}

package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that break naive SQL (quotes, {@code ;}, {@code --}, {@code %}, {@code _}, backslashes, emoji, 100 KB
 * strings) round-trip unchanged through a sync table's insert, queries and delete, and reach the database only
 * as parameters; names that are not identifiers are refused before any SQL is made.
 */
public abstract class HostileValuesTest {

    private static final String TABLE = "Hostile";
    private static final List<String> NASTY = List.of("it's", "say \"hi\"", "a;b", "x--y", "100%", "a_b", "%_%",
            "back\\slash", "\\%", "😀 emoji", "日本語", "'; DROP TABLE Hostile; --", "\" OR 1=1 --");

    @TempDir
    protected Path dir;

    private SyncClient client;
    private SyncTable<ObjectNode> table;

    /** The store under test, in this folder. */
    protected abstract SyncContextDataSource createStore(Path folder);

    @BeforeEach
    void open() {
        client = SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(createStore(dir)).build();
        table = client.table(TABLE, Map.of("text", ColumnType.STRING));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static String big() {
        StringBuilder text = new StringBuilder("BIG:");
        for (int i = 0; text.length() < 100_000; i++) {
            text.append(NASTY.get(i % NASTY.size())).append(' ');
        }
        return text.toString();
    }

    private static ObjectNode item(String id, String text) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("text", text);
        item.put("untyped", text);
        return item;
    }

    private List<String> ids(Filter filter) {
        List<String> ids = new ArrayList<>();
        for (ObjectNode item : table.read(Query.all().where(filter).orderBy("id")).items()) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }

    @Test
    void hostileIdsAndValuesRoundTripThroughInsertQueryAndDelete() {
        List<String> values = new ArrayList<>(NASTY);
        values.add(big());
        for (int i = 0; i < values.size(); i++) {
            String id = i < NASTY.size() ? NASTY.get(i) : "big " + NASTY.get(0);
            table.insert(item(id, values.get(i)));
        }

        for (int i = 0; i < values.size(); i++) {
            String id = i < NASTY.size() ? NASTY.get(i) : "big " + NASTY.get(0);
            String value = values.get(i);
            ObjectNode stored = table.lookup(id).orElseThrow(() -> new AssertionError("lost " + id));
            assertEquals(value, stored.get("text").asText(), "typed column of " + id);
            assertEquals(value, stored.get("untyped").asText(), "extra field of " + id);
            assertEquals(List.of(id), ids(Filter.eq("text", value)), "eq on " + id);
            assertEquals(List.of(id), ids(Filter.eq("id", id)), "eq on the id " + id);
            assertEquals(List.of(id), ids(Filter.eq("untyped", value)), "eq on the extra field of " + id);
            assertTrue(ids(Filter.startsWith("text", value)).contains(id), "startsWith " + id);
            assertTrue(ids(Filter.contains("text", value)).contains(id), "contains " + id);
        }
        assertEquals(List.of("100%"), ids(Filter.startsWith("text", "100%")), "% is literal");
        assertEquals(List.of("\\%"), ids(Filter.eq("text", "\\%")), "backslash and % are literal");
        assertEquals(List.of("%_%", "a_b"), ids(Filter.contains("text", "_").and(Filter.startsWith("text", "BIG").not())));
        assertEquals(List.of("'; DROP TABLE Hostile; --"), ids(Filter.startsWith("text", "'; DROP")));
        assertEquals(List.of("😀 emoji"), ids(Filter.startsWith("text", "😀")));
        assertEquals(List.of(), ids(Filter.contains("text", "DROP TABLE hostile")), "case-sensitive");
        assertEquals(List.of(), ids(Filter.startsWith("text", "_")), "_ is not a wildcard");

        for (String id : NASTY) {
            table.deleteById(id);
        }
        assertEquals(List.of("big " + NASTY.get(0)), ids(Filter.startsWith("text", "")), "only the big row is left");
    }

    @Test
    void hostileValuesRoundTripThroughTheStoreDirectly() {
        SyncContextDataSource store = createStore(dir.resolve("direct"));
        try {
            store.defineTable(new TableDefinition("direct", Map.of("text", ColumnType.STRING)));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String value : NASTY) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", value);
                row.put("text", value);
                row.put(value, value + " under an odd field name");
                rows.add(row);
            }
            store.upsert("direct", rows);
            for (Map<String, Object> row : rows) {
                String id = (String) row.get("id");
                assertEquals(row, store.lookup("direct", id).orElseThrow(), "row " + id);
                List<Map<String, Object>> found = store.read(StoreQuery.where("direct",
                        new Predicate.StringMatch("text", Predicate.Match.CONTAINS, id))).rows();
                assertTrue(found.contains(row), "contains " + id + " finds its row: " + found);
                assertEquals(List.of(row), store.read(StoreQuery.where("direct",
                        new Predicate.Comparison("text", Predicate.Op.EQ, id))).rows(), "eq " + id);
            }
            assertEquals(NASTY.size(), store.delete("direct", NASTY));
            assertEquals(List.of(), store.read(StoreQuery.all("direct")).rows());
        } finally {
            store.close();
        }
    }

    @Test
    void namesThatAreNotIdentifiersAreRefusedWithAClearError() {
        for (String bad : List.of("a b", "x;DROP", "q\"uote", "it's", "1abc", "", "naïve", "a-b", "😀")) {
            IllegalArgumentException table = assertThrows(IllegalArgumentException.class,
                    () -> new TableDefinition(bad, Map.of()));
            assertTrue(table.getMessage().contains("Invalid table name '" + bad + "'"), table.getMessage());
            IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                    () -> new TableDefinition("ok", Map.of(bad, ColumnType.STRING)));
            assertTrue(column.getMessage().contains("Invalid column name '" + bad + "'"), column.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Predicate.IsNull(bad));
            assertThrows(IllegalArgumentException.class, () -> SortOrder.asc(bad));
            assertThrows(IllegalArgumentException.class, () -> StoreQuery.all(bad));
            assertThrows(InvalidItemException.class, () -> client.table(bad));
            assertThrows(InvalidItemException.class, () -> client.table("Fine", Map.of(bad, ColumnType.STRING)));
        }
        assertEquals(0, table.read(Query.all()).items().size(), "nothing was written");
    }
}

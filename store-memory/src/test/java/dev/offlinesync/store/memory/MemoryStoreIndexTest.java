package dev.offlinesync.store.memory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads that an index can answer look at the rows they select, not at the whole table: counted through the
 * store's count of visited rows, so a scan fails these tests however fast the machine is.
 */
class MemoryStoreIndexTest {

    private static final TableDefinition TODO = new TableDefinition("todo",
            Map.of("text", ColumnType.STRING, "priority", ColumnType.INTEGER));

    private final MemoryStore store = new MemoryStore();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aLocalInsertVisitsAsFewRowsWithTenThousandQueuedAsWithTen() {
        try (SyncClient client = SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(store).build()) {
            SyncTable<ObjectNode> todos = client.table("todo", Map.of("text", ColumnType.STRING));
            for (int i = 0; i < 10; i++) {
                todos.insert(item("early-" + i));
            }
            long withTen = visitsOf(() -> todos.insert(item("probe-1")));
            for (int i = 0; i < 10_000; i++) {
                todos.insert(item("late-" + i));
            }
            long withTenThousand = visitsOf(() -> todos.insert(item("probe-2")));

            assertEquals(withTen, withTenThousand, "rows visited by one insert, with 10 and with 10,000 queued");
            assertTrue(withTen < 10, "an insert visits a handful of rows, not the queue: " + withTen);
        }
    }

    @Test
    void idInVisitsOnlyTheNamedRows() {
        store.defineTable(TODO);
        store.upsert("todo", rows(5_000));

        long visits = visitsOf(() -> assertEquals(3, store.read(StoreQuery.where("todo",
                new Predicate.In("id", List.of("r7", "r42", "r4999", "missing")))).rows().size()));

        assertEquals(3, visits);
    }

    @Test
    void equalityOnAColumnVisitsItsMatchesOnceIndexedAndFollowsLaterWrites() {
        store.defineTable(TODO);
        store.upsert("todo", rows(5_000));
        Predicate five = new Predicate.Comparison("priority", Predicate.Op.EQ, 5L);
        assertEquals(50, store.read(StoreQuery.where("todo", five)).rows().size());

        store.upsert("todo", List.of(row("r0", 5))); // priority 0 -> 5
        store.delete("todo", List.of("r5"));
        assertThrowsAndRollsBack(() -> {
            store.upsert("todo", List.of(row("r1", 5)));
            store.delete("todo", List.of("r105"));
        });

        long visits = visitsOf(() -> assertEquals(50, store.read(StoreQuery.where("todo", five)).rows().size()));
        assertEquals(50, visits);
        assertTrue(store.lookup("todo", "r0").isPresent());
        assertEquals(1L, store.lookup("todo", "r1").orElseThrow().get("priority"));
        assertEquals(5L, store.lookup("todo", "r105").orElseThrow().get("priority"));
    }

    @Test
    void anOrderedReadWithTopStopsAfterTheRowsItNeeds() {
        store.defineTable(TODO);
        store.upsert("todo", rows(5_000));
        StoreQuery highestTwo = StoreQuery.all("todo").withOrderBy(List.of(SortOrder.desc("priority"),
                SortOrder.asc("id"))).withTop(2);
        store.read(highestTwo); // builds the index

        List<Map<String, Object>> top = visitsAndRows(highestTwo);

        assertEquals(List.of("r1099", "r1199"), top.stream().map(r -> r.get("id")).toList());
        assertEquals(50, visits, "the 50 rows tied at the highest priority, not 5,000");
    }

    @Test
    void aRangeOnTheOrderingColumnWalksOnlyThatRange() {
        store.defineTable(TODO);
        store.upsert("todo", rows(5_000));
        StoreQuery firstAfter = StoreQuery.where("todo", new Predicate.And(List.of(
                        new Predicate.Comparison("priority", Predicate.Op.GT, 97L),
                        new Predicate.Comparison("priority", Predicate.Op.LE, 98L))))
                .withOrderBy(List.of(SortOrder.asc("priority"))).withTop(1);
        store.read(firstAfter);

        List<Map<String, Object>> first = visitsAndRows(firstAfter);

        assertEquals(98L, first.get(0).get("priority"));
        assertEquals(50, visits);
    }

    private long visits;

    private List<Map<String, Object>> visitsAndRows(StoreQuery query) {
        List<List<Map<String, Object>>> result = new ArrayList<>();
        visits = visitsOf(() -> result.add(store.read(query).rows()));
        return result.get(0);
    }

    private long visitsOf(Runnable action) {
        long before = store.rowsVisited();
        action.run();
        return store.rowsVisited() - before;
    }

    private void assertThrowsAndRollsBack(Runnable writes) {
        IllegalStateException failure = new IllegalStateException("roll back");
        try {
            store.transaction(ops -> {
                writes.run();
                throw failure;
            });
        } catch (IllegalStateException e) {
            assertEquals(failure, e);
            return;
        }
        throw new AssertionError("the transaction did not fail");
    }

    /** Rows r0..r(n-1), priority = number mod 100 (so 50 rows of each priority in 5,000). */
    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row("r" + i, i % 100));
        }
        return rows;
    }

    private static Map<String, Object> row(String id, long priority) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("text", "item " + id);
        row.put("priority", priority);
        return row;
    }

    private static ObjectNode item(String id) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("text", "text of " + id);
        return item;
    }
}

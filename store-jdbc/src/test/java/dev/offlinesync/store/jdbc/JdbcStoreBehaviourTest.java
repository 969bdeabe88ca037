package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.testkit.FakeTableService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC store does beyond the contract suite: the same answers as the reference {@link MemoryStore} for
 * random filters, orderings and pages (SQL and the Java fallback alike), definitions kept in the file, schema
 * changes inside transactions, and files from a newer version.
 */
public abstract class JdbcStoreBehaviourTest {

    private static final TableDefinition MIXED = new TableDefinition("mixed", columns("s", ColumnType.STRING,
            "i", ColumnType.INTEGER, "r", ColumnType.REAL, "b", ColumnType.BOOLEAN, "d", ColumnType.DATE,
            "j", ColumnType.JSON));
    private static final List<String> FIELDS = List.of("id", "s", "i", "r", "b", "d", "j", "x", "y");
    private static final List<Object> VALUES = List.of("", "a", "B", "ab", "é", "😀", "a%", "a_b", "\uFFFD",
            -2L, 0L, 2L, 3L, Long.MAX_VALUE, -1.5, 0.0, 2.0, 2.5, 1e300, true, false,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00.0005Z"),
            Instant.parse("1969-12-31T23:59:59.999Z"));
    private static final List<String> MATCHES = List.of("", "a", "b", "_", "%", "😀", "2", "a_");

    @TempDir
    protected Path dir;

    /** A persistent store of the kind under test in this folder (the same data when called again). */
    protected abstract SyncContextDataSource open(Path folder);

    /** A plain JDBC connection to the database of {@link #open}, for changing it behind the store's back. */
    protected abstract Connection connect(Path folder) throws SQLException;

    /** Whether the database can roll back a schema change with its transaction. */
    protected abstract boolean transactionalSchemaChanges();

    private static Map<String, ColumnType> columns(Object... pairs) {
        Map<String, ColumnType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ColumnType) pairs[i + 1]);
        }
        return map;
    }

    private static Object pick(Random random, List<?> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<Map<String, Object>> randomRows(Random random) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 0; n < 150; n++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", String.format("%03d", n) + pick(random, List.of("", "a", "B", "é", "😀")));
            row.put("s", random.nextInt(5) == 0 ? null : pick(random, VALUES.subList(0, 9)));
            row.put("i", random.nextInt(5) == 0 ? null : pick(random, VALUES.subList(9, 14)));
            row.put("r", random.nextInt(5) == 0 ? null : pick(random, VALUES.subList(14, 19)));
            row.put("b", random.nextInt(5) == 0 ? null : random.nextBoolean());
            row.put("d", random.nextInt(5) == 0 ? null : pick(random, List.of(VALUES.get(21), VALUES.get(23))));
            row.put("j", random.nextInt(3) == 0 ? null : random.nextBoolean() ? Map.of("k", 1L) : List.of("v"));
            if (random.nextInt(4) > 0) {
                Object x = pick(random, VALUES);
                row.put("x", x instanceof Instant instant ? Instant.ofEpochMilli(instant.toEpochMilli()) : x);
            }
            if (random.nextBoolean()) {
                row.put("y", pick(random, VALUES.subList(0, 9)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Predicate randomPredicate(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 4 : 7);
        String field = (String) pick(random, FIELDS);
        return switch (kind) {
            case 0 -> new Predicate.Comparison(field, (Predicate.Op) pick(random, List.of(Predicate.Op.values())),
                    pick(random, VALUES));
            case 1 -> {
                List<Object> values = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    values.add(pick(random, VALUES));
                }
                yield new Predicate.In(field, values);
            }
            case 2 -> new Predicate.IsNull(field);
            case 3 -> new Predicate.StringMatch(field, (Predicate.Match) pick(random, List.of(Predicate.Match.values())),
                    (String) pick(random, MATCHES));
            case 4 -> new Predicate.And(operands(random, depth));
            case 5 -> new Predicate.Or(operands(random, depth));
            default -> new Predicate.Not(randomPredicate(random, depth + 1));
        };
    }

    private static List<Predicate> operands(Random random, int depth) {
        List<Predicate> operands = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            operands.add(randomPredicate(random, depth + 1));
        }
        return operands;
    }

    private static StoreQuery randomQuery(Random random) {
        List<SortOrder> orders = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            String field = (String) pick(random, List.of("s", "i", "r", "b", "d", "j", "x", "y"));
            orders.add(random.nextBoolean() ? SortOrder.asc(field) : SortOrder.desc(field));
        }
        orders.add(SortOrder.asc("id"));
        List<String> select = random.nextInt(4) == 0 ? List.of("id", (String) pick(random, FIELDS.subList(1, 9)))
                : List.of();
        return new StoreQuery(MIXED.name(), random.nextInt(6) == 0 ? null : randomPredicate(random, 0), orders,
                random.nextInt(3) == 0 ? random.nextInt(20) : 0, random.nextInt(3) == 0 ? random.nextInt(30) : -1,
                select, random.nextBoolean());
    }

    /**
     * A local insert is two statements in its transaction, as written by hand: the row's insert, which says whether
     * the id is taken, and the queue entry's, which the store numbers and skips when the item has one queued already.
     * Nothing is read on its own (not the row, the item's operations nor the queue's highest number).
     */
    @Test
    void aLocalInsertRunsTwoStatementsInItsTransaction() {
        SyncContextDataSource store = open(dir);
        try (SyncClient client = SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(store).build()) {
            SyncTable<ObjectNode> notes = client.table("Note", Map.of("text", ColumnType.STRING));
            notes.insert(JsonNodeFactory.instance.objectNode().put("id", "warm-up").put("text", "first"));
            JdbcStore jdbc = (JdbcStore) store;
            long first = jdbc.statementsRun();
            long second = jdbc.statementsRun();
            notes.insert(JsonNodeFactory.instance.objectNode().put("id", "counted").put("text", "second"));
            long third = jdbc.statementsRun();
            // each count is a transaction of its own: what it adds (begin, commit) is what one between two adds
            long transactionAlone = second - first;
            assertEquals(2, third - second - 2 * transactionAlone, "statements of one local insert");
            assertEquals(2L, client.syncContext().pendingOperations().size());
        }
    }

    /**
     * The page of an incremental pull whose rows all changed on the server is one statement (an update guarded by
     * the version) besides the queue position and the saved cursor: the page's local versions are not read first.
     * A row new to the replica adds the one insert that does nothing where an id is taken; after a page of new rows
     * the store tries that insert first, so the next page of new rows is one statement, until a page of changed rows.
     */
    @Test
    void anIncrementalPullWritesAPageOfChangedRowsInOneStatement() {
        SyncContextDataSource store = open(dir);
        try (FakeTableService service = FakeTableService.start(ProtocolDialect.MOBILE_APPS).defineTable("Note");
             SyncClient client = SyncClient.builder(service.uri()).store(store).build()) {
            SyncTable<ObjectNode> notes = client.table("Note", Map.of("text", ColumnType.STRING));
            for (int n = 0; n < 5; n++) {
                service.insertDirect("Note", JsonNodeFactory.instance.objectNode().put("id", "n" + n).put("text", "a"));
            }
            assertEquals(5, notes.pull(Query.all(), "all").join().upserted());
            JdbcStore jdbc = (JdbcStore) store;
            long start = jdbc.statementsRun();
            long transactionAlone = jdbc.statementsRun() - start;
            long nothingNew = statementsOfPull(jdbc, notes) - transactionAlone;
            for (int n = 0; n < 3; n++) {
                service.updateDirect("Note", "n" + n, JsonNodeFactory.instance.objectNode().put("text", "b"));
            }
            long changed = statementsOfPull(jdbc, notes) - transactionAlone;
            service.updateDirect("Note", "n3", JsonNodeFactory.instance.objectNode().put("text", "c"));
            service.insertDirect("Note", JsonNodeFactory.instance.objectNode().put("id", "new").put("text", "c"));
            long withNewRow = statementsOfPull(jdbc, notes) - transactionAlone;
            List<Long> pages = new ArrayList<>();
            for (String round : List.of("new", "new", "changed", "changed")) {
                for (int n = 0; n < 3; n++) {
                    ObjectNode note = JsonNodeFactory.instance.objectNode().put("text", round + pages.size());
                    if (round.equals("new")) {
                        service.insertDirect("Note", note.put("id", "p" + pages.size() + "-" + n));
                    } else {
                        service.updateDirect("Note", "p0-" + n, note);
                    }
                }
                pages.add(statementsOfPull(jdbc, notes) - transactionAlone - nothingNew - transactionAlone);
            }

            // the page's transaction: its queue position read, the page's write(s), the cursor saved
            assertEquals(3, changed - nothingNew - transactionAlone, "statements of a page of changed rows");
            assertEquals(4, withNewRow - nothingNew - transactionAlone, "statements of a page with a new row");
            assertEquals("c", notes.lookup("new").orElseThrow().get("text").asText());
            assertEquals(List.of(4L, 3L, 4L, 3L), pages, "statements of pages of new, new, changed, changed rows");
            assertEquals("changed3", notes.lookup("p0-2").orElseThrow().get("text").asText());
            assertEquals("new1", notes.lookup("p1-2").orElseThrow().get("text").asText());
        } finally {
            store.close();
        }
    }

    /** The statements an incremental pull runs, plus those of one empty transaction (the counting's own). */
    private static long statementsOfPull(JdbcStore jdbc, SyncTable<ObjectNode> notes) {
        long before = jdbc.statementsRun();
        notes.pull(Query.all(), "all").join();
        return jdbc.statementsRun() - before;
    }

    @Test
    void idListsOfEveryLengthUpTo300ShareTenPreparedStatements() {
        SyncContextDataSource store = open(dir);
        try {
            store.defineTable(MIXED);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Object> ids = new ArrayList<>();
            for (int n = 0; n < 300; n++) {
                ids.add(String.format("%03d", n));
                rows.add(Map.of("id", ids.get(n), "i", (long) n));
            }
            store.upsert(MIXED.name(), rows);
            long before = ((JdbcStore) store).statementsPrepared();
            store.transaction(ops -> {
                for (int length = 1; length <= ids.size(); length++) {
                    // the pull's read of local versions: the ids of a page, a different count each time
                    StoreQuery query = StoreQuery.where(MIXED.name(), new Predicate.In("id", ids.subList(0, length)))
                            .withSelect(List.of("id", "i"));
                    List<Map<String, Object>> found = ops.read(query).rows();
                    assertEquals(length, found.size(), "rows found for " + length + " ids");
                    assertEquals((long) length - 1, found.stream().mapToLong(row -> (Long) row.get("i")).max()
                            .orElseThrow());
                }
                return null;
            });
            // lists padded to 1, 2, 4, ..., 512 places: one statement each, not one per length
            assertTrue(((JdbcStore) store).statementsPrepared() - before <= 10,
                    "prepared " + (((JdbcStore) store).statementsPrepared() - before));
        } finally {
            store.close();
        }
    }

    @Test
    void everyFieldLandsInItsOwnColumnWhateverTheOrderAndNumberOfFieldsFromRowToRow() {
        // Rows of one batch that name their fields in other orders, with fewer or more of them, and with equal names
        // that are other String instances: the store matches a row's fields to the last row's by position first.
        List<List<String>> layouts = List.of(
                List.of("id", "s", "i", "x"), List.of("id", "s", "i", "x"), List.of("id", "i", "s", "x"),
                List.of("id", "s"), List.of("id", "s", "i", "x", "y", "r"), List.of("id", "x", "s", "i"),
                List.of("id", "s", "y", "i"), List.of("id", "s", "i", "x"), List.of("id", "r", "b", "d", "j", "s"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 0; n < layouts.size() * 2; n++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String field : layouts.get(n % layouts.size())) {
                // the second time round, every name is an equal copy, not the same instance
                String name = n < layouts.size() ? field : new String(field.toCharArray());
                row.put(name, switch (field) {
                    case "id" -> String.format("%02d", n);
                    case "s", "x", "y" -> field + n;
                    case "i" -> (long) n;
                    case "r" -> n + 0.5;
                    case "b" -> n % 2 == 0;
                    case "d" -> Instant.ofEpochMilli(n * 1000L);
                    default -> List.of((long) n);
                });
            }
            rows.add(row);
        }
        try (SyncContextDataSource store = open(dir); MemoryStore reference = new MemoryStore()) {
            store.defineTable(MIXED);
            reference.defineTable(MIXED);
            store.upsert(MIXED.name(), rows);
            reference.upsert(MIXED.name(), rows);
            for (Map<String, Object> row : rows) {
                // one row at a time too, after a row of another layout
                store.upsert(MIXED.name(), List.of(row));
                store.upsert(MIXED.name(), List.of(rows.get(3)));
            }
            StoreQuery all = StoreQuery.all(MIXED.name()).withOrderBy(List.of(SortOrder.asc("id")));
            assertEquals(reference.read(all), store.read(all));
        }
    }

    @Test
    void randomQueriesGiveTheSameAnswersAsTheReferenceStore() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try (SyncContextDataSource store = open(dir); MemoryStore reference = new MemoryStore()) {
            store.defineTable(MIXED);
            reference.defineTable(MIXED);
            List<Map<String, Object>> rows = randomRows(random);
            store.upsert(MIXED.name(), rows);
            reference.upsert(MIXED.name(), rows);
            for (int q = 0; q < 400; q++) {
                StoreQuery query = randomQuery(random);
                ReadResult expected = reference.read(query);
                assertEquals(expected, store.read(query), "seed " + seed + ", query " + query);
            }
            for (int d = 0; d < 10; d++) {
                Predicate where = randomPredicate(random, 1);
                assertEquals(reference.deleteWhere(MIXED.name(), where), store.deleteWhere(MIXED.name(), where),
                        "seed " + seed + ", deleteWhere " + where);
                StoreQuery all = StoreQuery.all(MIXED.name()).withOrderBy(List.of(SortOrder.asc("id")));
                assertEquals(reference.read(all), store.read(all), "seed " + seed + ", rows left after " + where);
            }
        }
    }

    @Test
    void tablesDefinedInAnEarlierSessionAreKnownAfterReopeningBeforeTheyAreDefinedAgain() {
        try (SyncContextDataSource store = open(dir)) {
            store.defineTable(MIXED);
            store.upsert(MIXED.name(), List.of(Map.of("id", "a", "i", 5L, "extra", "kept")));
        }
        try (SyncContextDataSource store = open(dir)) {
            assertEquals(5L, store.lookup(MIXED.name(), "a").orElseThrow().get("i"));
            assertEquals("kept", store.lookup(MIXED.name(), "a").orElseThrow().get("extra"));
            assertThrows(StoreException.class, () -> store.upsert(MIXED.name(), List.of(Map.of("id", "b", "i", "x"))),
                    "the stored definition still checks types");
        }
    }

    @Test
    void readersKeepWorkingWhileATableGainsColumns() throws Exception {
        try (SyncContextDataSource store = open(dir)) {
            store.defineTable(MIXED);
            store.upsert(MIXED.name(), List.of(Map.of("id", "a", "s", "x")));
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    try {
                        assertEquals(1, store.read(StoreQuery.all(MIXED.name())).rows().size());
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }
            }, "reader-during-upgrade");
            reader.setDaemon(true);
            reader.start();
            Map<String, ColumnType> grown = new LinkedHashMap<>(MIXED.columns());
            for (int i = 0; i < 30; i++) {
                grown.put("added" + i, ColumnType.STRING);
                store.defineTable(new TableDefinition(MIXED.name(), grown));
            }
            done.set(true);
            reader.join(30_000);
            if (failure.get() != null) {
                throw new AssertionError("a read failed while the table gained columns", failure.get());
            }
        }
    }

    @Test
    void definingATableInsideATransactionRollsBackWithItOrIsRefused() {
        try (SyncContextDataSource store = open(dir)) {
            if (transactionalSchemaChanges()) {
                assertThrows(IllegalStateException.class, () -> store.transaction(ops -> {
                    store.defineTable(MIXED);
                    ops.upsert(MIXED.name(), List.of(Map.of("id", "a")));
                    throw new IllegalStateException("roll back");
                }));
                StoreException e = assertThrows(StoreException.class, () -> store.lookup(MIXED.name(), "a"));
                assertTrue(e.getMessage().contains("not defined"), e.getMessage());
                store.defineTable(MIXED);
                assertTrue(store.lookup(MIXED.name(), "a").isEmpty());
            } else {
                StoreException e = assertThrows(StoreException.class, () -> store.transaction(ops -> {
                    store.defineTable(MIXED);
                    return null;
                }));
                assertTrue(e.getMessage().contains("inside a transaction"), e.getMessage());
            }
        }
    }

    @Test
    void aFileFromANewerVersionIsRefusedWithAClearMessage() throws SQLException {
        open(dir).close();
        try (Connection connection = connect(dir); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE \"offlinesync$meta\" SET \"value\" = '99' WHERE \"key\" = 'schemaVersion'");
        }
        StoreException e = assertThrows(StoreException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("newer offlinesync"), e.getMessage());
    }
}

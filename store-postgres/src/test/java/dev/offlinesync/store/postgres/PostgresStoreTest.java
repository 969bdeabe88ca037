package dev.offlinesync.store.postgres;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the PostgreSQL store does: schemas, data sources, names PostgreSQL would cut, code point order. */
@ExtendWith(PostgresServerExtension.class)
class PostgresStoreTest {

    private static final TableDefinition NOTES = new TableDefinition("notes", Map.of("text", ColumnType.STRING));

    @Test
    void storesInTwoSchemasOfOneDatabaseDoNotSeeEachOther() {
        try (PostgresStore a = TestDatabase.store(TestDatabase.newSchema());
             PostgresStore b = TestDatabase.store(TestDatabase.newSchema())) {
            a.defineTable(NOTES);
            b.defineTable(NOTES);
            a.upsert("notes", List.of(Map.of("id", "1", "text", "in a")));
            assertTrue(b.lookup("notes", "1").isEmpty());
            assertEquals("in a", a.lookup("notes", "1").orElseThrow().get("text"));
        }
    }

    @Test
    void aStoreOnADataSourceCreatesItsSchemaAndFindsItsRowsAgain() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestDatabase.URL);
        dataSource.setUser(TestDatabase.USER);
        dataSource.setPassword(TestDatabase.PASSWORD);
        String schema = TestDatabase.newSchema();
        try (PostgresStore store = PostgresStore.builder(dataSource).schema(schema).build()) {
            store.defineTable(NOTES);
            store.upsert("notes", List.of(Map.of("id", "1", "text", "kept")));
        }
        try (PostgresStore store = PostgresStore.builder(dataSource).schema(schema).readerConnections(0).build()) {
            assertEquals("kept", store.lookup("notes", "1").orElseThrow().get("text"));
            assertTrue(store.toString().contains(schema), store.toString());
        }
    }

    @Test
    void stringsAreOrderedByCodePointWhateverTheDatabaseCollation() {
        try (PostgresStore store = TestDatabase.store(TestDatabase.newSchema())) {
            store.defineTable(NOTES);
            List<String> texts = List.of("a", "B", "b", "é", "Z", "😀", "\uFFFD", "a b", "ab");
            for (String text : texts) {
                store.upsert("notes", List.of(Map.of("id", text, "text", text)));
            }
            List<String> ordered = store.read(StoreQuery.all("notes").withOrderBy(List.of(SortOrder.asc("text"))))
                    .rows().stream().map(row -> (String) row.get("text")).toList();
            assertEquals(texts.stream().sorted(PostgresStoreTest::compareCodePoints).toList(), ordered);
        }
    }

    private static int compareCodePoints(String x, String y) {
        int[] a = x.codePoints().toArray();
        int[] b = y.codePoints().toArray();
        return java.util.Arrays.compare(a, b);
    }

    @Test
    void tableNamesPostgresWouldCutAreRefusedBeforeAnythingIsCreated() {
        try (PostgresStore store = TestDatabase.store(TestDatabase.newSchema())) {
            String tooLong = "t".repeat(48);
            InvalidItemException e = assertThrows(InvalidItemException.class,
                    () -> store.defineTable(new TableDefinition(tooLong, Map.of())));
            assertTrue(e.getMessage().contains("at most 47 characters"), e.getMessage());
            store.defineTable(new TableDefinition("t".repeat(47), Map.of()));
        }
    }

    @Test
    void badSchemaNamesAndUrlsAreRefusedWithoutConnecting() {
        for (String bad : List.of("", "1abc", "a-b", "a\"b", "pg_mine", "x".repeat(64))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PostgresStore.builder(TestDatabase.URL, "u", "p").schema(bad));
            assertTrue(e.getMessage().contains("Invalid schema name"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresStore.builder("jdbc:mysql://host/db?password=secret", "u", "p"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void aServerThatCannotBeReachedFailsWithTheAddressButNotThePassword() {
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore
                .builder("jdbc:postgresql://127.0.0.1:9/none?connectTimeout=2", "nobody", "secret-password").build());
        assertTrue(e.getMessage().contains("127.0.0.1:9"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-password"), e.getMessage());
    }
}

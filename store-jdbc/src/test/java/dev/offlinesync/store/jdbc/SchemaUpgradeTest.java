package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A store file made by the first schema version (a fixture committed under {@code src/test/resources}, written
 * by {@link #writeFixture}) opens with today's code, and a table definition that gained columns upgrades it in
 * place: rows are kept, and values the rows held as extra fields move into the new columns.
 */
public abstract class SchemaUpgradeTest {

    /** The table as the first app version defined it. */
    public static final TableDefinition VERSION_1 = new TableDefinition("todo", columns(
            "text", ColumnType.STRING, "complete", ColumnType.BOOLEAN, "due", ColumnType.DATE,
            "updatedAt", ColumnType.DATE, "version", ColumnType.STRING));

    /** The table as a later app version defines it: two more columns. */
    public static final TableDefinition VERSION_2 = new TableDefinition("todo", columns(
            "text", ColumnType.STRING, "complete", ColumnType.BOOLEAN, "due", ColumnType.DATE,
            "updatedAt", ColumnType.DATE, "version", ColumnType.STRING,
            "location", ColumnType.STRING, "estimate", ColumnType.INTEGER));

    private static final int ROWS = 20;

    @TempDir
    protected Path dir;

    /** The classpath resource of the fixture, e.g. {@code /fixtures/schema-v1.db}. */
    protected abstract String fixtureResource();

    /** The file name the store expects for its file in a folder (H2 adds {@code .mv.db}). */
    protected abstract String fileName();

    /** Opens the store on a file copied from the fixture. */
    protected abstract SyncContextDataSource open(Path file);

    private static Map<String, ColumnType> columns(Object... pairs) {
        Map<String, ColumnType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ColumnType) pairs[i + 1]);
        }
        return map;
    }

    /** The rows of the fixture; every other one carries {@code location} as a field version 1 did not name. */
    public static List<Map<String, Object>> fixtureRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", String.format("item-%02d", i));
            row.put("text", "todo " + i + " it's 100%");
            row.put("complete", i % 3 == 0);
            row.put("due", Instant.parse("2026-01-01T00:00:00.000Z").plusMillis(i * 1001L));
            row.put("updatedAt", Instant.parse("2025-06-01T12:00:00.000Z").plusSeconds(i));
            row.put("version", "v" + i);
            if (i % 2 == 0) {
                row.put("location", i % 4 == 0 ? "home" : "work");
            }
            row.put("serverOnly", List.of((long) i, "kept"));
            rows.add(row);
        }
        return rows;
    }

    /** Writes the fixture: version 1 of the table and its rows. Run by the store modules' fixture mains. */
    public static void writeFixture(SyncContextDataSource store) {
        store.defineTable(VERSION_1);
        store.upsert(VERSION_1.name(), fixtureRows());
    }

    private Path copyOfFixture() throws IOException {
        Path file = dir.resolve(fileName());
        try (InputStream in = getClass().getResourceAsStream(fixtureResource())) {
            assertNotNull(in, "fixture " + fixtureResource() + " is on the test classpath");
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void fixtureOfTheFirstSchemaVersionOpensWithItsRows() throws IOException {
        Path file = copyOfFixture();
        try (SyncContextDataSource store = open(file)) {
            store.defineTable(VERSION_1);
            List<Map<String, Object>> rows = store.read(StoreQuery.all("todo")
                    .withOrderBy(List.of(SortOrder.asc("id")))).rows();
            assertEquals(fixtureRows(), withoutNulls(rows));
        }
    }

    @Test
    void fixtureUpgradesWhenTheDefinitionGainsColumnsAndKeepsEveryRow() throws IOException {
        Path file = copyOfFixture();
        try (SyncContextDataSource store = open(file)) {
            store.defineTable(VERSION_2);

            List<Map<String, Object>> rows = store.read(StoreQuery.all("todo")
                    .withOrderBy(List.of(SortOrder.asc("id")))).rows();
            assertEquals(fixtureRows(), withoutNulls(rows), "every row and field kept");
            assertEquals(List.of("item-00", "item-04", "item-08", "item-12", "item-16"),
                    ids(store, new Predicate.Comparison("location", Predicate.Op.EQ, "home")),
                    "values kept as extra fields are in the new column");
            assertEquals(ROWS, ids(store, new Predicate.IsNull("estimate")).size());
            store.upsert("todo", List.of(Map.of("id", "new", "location", "office", "estimate", 3L)));
        }
        try (SyncContextDataSource store = open(file)) {
            store.defineTable(VERSION_1);
            assertEquals(List.of("new"), ids(store, new Predicate.Comparison("estimate", Predicate.Op.GT, 1L)),
                    "a later open with the older definition keeps the added columns");
            assertEquals(ROWS + 1, store.read(StoreQuery.all("todo")).rows().size());
        }
    }

    private static List<String> ids(SyncContextDataSource store, Predicate where) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> row : store.read(StoreQuery.where("todo", where)
                .withOrderBy(List.of(SortOrder.asc("id")))).rows()) {
            ids.add((String) row.get("id"));
        }
        return ids;
    }

    private static List<Map<String, Object>> withoutNulls(List<Map<String, Object>> rows) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((name, value) -> {
                if (value != null) {
                    copy.put(name, value);
                }
            });
            result.add(copy);
        }
        return result;
    }
}

package dev.offlinesync.testkit;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreQuery;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.list;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every value type round-trips, in defined and unknown columns; wrong types and undefined tables fail. */
interface ValueContract extends StoreFixture {

    /** Writes one value per row into a column and checks that each comes back equal and of the same class. */
    private void assertRoundTrips(String column, List<Object> values) {
        defineTodo();
        for (int i = 0; i < values.size(); i++) {
            save(TODO, row("id", "r" + i, column, values.get(i)));
        }
        for (int i = 0; i < values.size(); i++) {
            Object back = get(TODO, "r" + i).get(column);
            Object sent = values.get(i);
            assertEquals(sent, back, column + " value #" + i);
            if (sent != null) {
                assertEquals(sent.getClass(), back.getClass(), column + " value #" + i + " class");
            }
        }
    }

    /** Checks that strings round trip including empty and unicode. */
    @Test
    default void stringsRoundTripIncludingEmptyAndUnicode() {
        assertRoundTrips("text", list("buy milk", "", " padded ", "it's \"quoted\"", "100% a_b \\ -- ;",
                "naïve café", "日本語", "😀 emoji", "line\nbreak\ttab"));
    }

    /** Checks that longs round trip including extremes. */
    @Test
    default void longsRoundTripIncludingExtremes() {
        assertRoundTrips("priority", list(0L, 1L, -1L, 2_147_483_648L, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** Checks that doubles round trip exactly. */
    @Test
    default void doublesRoundTripExactly() {
        assertRoundTrips("score", list(0.0, 3.0, -2.5, 0.1, 1.0 / 3, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE));
    }

    /** Checks that booleans round trip. */
    @Test
    default void booleansRoundTrip() {
        assertRoundTrips("complete", list(true, false));
    }

    /** Checks that instants round trip with milliseconds. */
    @Test
    default void instantsRoundTripWithMilliseconds() {
        assertRoundTrips("due", list(at("2026-01-02T03:04:05.678Z"), at("2026-01-02T03:04:05.001Z"),
                Instant.EPOCH, at("1969-12-31T23:59:59.999Z"), at("2999-12-31T23:59:59.999Z")));
    }

    /** Checks that json maps and lists round trip nested. */
    @Test
    default void jsonMapsAndListsRoundTripNested() {
        Map<String, Object> nested = row(
                "name", "deep", "count", 5L, "big", Long.MAX_VALUE, "ratio", 2.0, "half", 0.5, "ok", true,
                "nothing", null, "list", list(1L, "two", 3.5, false, null, list(), row()),
                "child", row("grandchild", row("value", "it's \"nested\""), "empty", row()));
        assertRoundTrips("tags", list(nested, list("a", 1L, row("k", "v")), row(), list()));
    }

    /** Checks that json values keep number types. */
    @Test
    default void jsonValuesKeepNumberTypes() {
        defineTodo();
        save(TODO, row("id", "a", "tags", list(5L, 5.0, 7L)));

        List<?> back = (List<?>) get(TODO, "a").get("tags");
        assertEquals(List.of(Long.class, Double.class, Long.class),
                List.of(back.get(0).getClass(), back.get(1).getClass(), back.get(2).getClass()));
    }

    /** Checks that json column keeps nested instants as instants. */
    @Test
    default void jsonColumnKeepsNestedInstantsAsInstants() {
        assertRoundTrips("tags", list(row("when", at("2026-01-02T03:04:05.678Z"), "all", list(Instant.EPOCH))));
    }

    /** Checks that null round trips in every column. */
    @Test
    default void nullRoundTripsInEveryColumn() {
        defineTodo();
        save(TODO, row("id", "a", "text", null, "complete", null, "priority", null, "score", null, "due", null,
                "tags", null));

        Map<String, Object> back = get(TODO, "a");
        for (String column : List.of("text", "complete", "priority", "score", "due", "tags")) {
            assertNull(back.get(column), column);
        }
        assertEquals("a", back.get("id"));
    }

    /** Checks that unknown fields of every type round trip. */
    @Test
    default void unknownFieldsOfEveryTypeRoundTrip() {
        defineTodo();
        Map<String, Object> written = row("id", "a", "text", "known",
                "xString", "it's", "xEmpty", "", "xLong", Long.MIN_VALUE, "xDouble", 0.1, "xWhole", 2.0,
                "xBoolean", false, "xInstant", at("2026-01-02T03:04:05.678Z"),
                "xMap", row("n", 1L, "inner", list("a", true)), "xList", list(1L, 2.5, "three"));
        save(TODO, written);

        Map<String, Object> back = stored(TODO, "a");
        assertEquals(written, back);
        written.forEach((name, value) -> assertEquals(value.getClass(), back.get(name).getClass(), name + " class"));
    }

    /** Checks that unknown field with null value reads as null. */
    @Test
    default void unknownFieldWithNullValueReadsAsNull() {
        defineTodo();
        save(TODO, row("id", "a", "xNull", null));

        assertNull(get(TODO, "a").get("xNull"));
    }

    /** Checks that unknown fields come back from read too. */
    @Test
    default void unknownFieldsComeBackFromReadToo() {
        defineTodo();
        save(TODO, List.of(row("id", "a", "serverAdded", "alpha"), row("id", "b", "serverAdded", 2L)));

        List<Map<String, Object>> rows = store().read(StoreQuery.where(TODO, eq("id", "b"))).rows();
        assertEquals(1, rows.size());
        assertEquals(2L, rows.get(0).get("serverAdded"));
    }

    /** Checks that wrong type in a defined column fails naming table and column. */
    @Test
    default void wrongTypeInADefinedColumnFailsNamingTableAndColumn() {
        defineTodo();
        Map<String, Object> wrong = row(
                "text", 5L, "priority", "5", "complete", "true", "score", 1L, "due", "2026-01-01T00:00:00Z",
                "tags", "{\"a\":1}");
        wrong.forEach((column, value) -> {
            StoreException e = assertThrows(StoreException.class,
                    () -> save(TODO, row("id", "a", column, value)), column + " = " + value);
            assertTrue(e.getMessage().contains(TODO) && e.getMessage().contains(column),
                    "message names table and column: " + e.getMessage());
        });
        assertEquals(Optional.empty(), store().lookup(TODO, "a"));
    }

    /** Checks that java types other than the column types are rejected. */
    @Test
    default void javaTypesOtherThanTheColumnTypesAreRejected() {
        defineTodo();
        List<Map<String, Object>> wrong = List.of(
                row("id", "a", "priority", 5), row("id", "a", "priority", (short) 5), row("id", "a", "score", 1.5f),
                row("id", "a", "score", new BigDecimal("1.5")), row("id", "a", "due", new Date()),
                row("id", "a", "due", "2026-01-01"), row("id", "a", "complete", 1L));
        for (Map<String, Object> row : wrong) {
            assertThrows(StoreException.class, () -> save(TODO, row), row::toString);
        }
        assertEquals(Optional.empty(), store().lookup(TODO, "a"));
    }

    /** Checks that unknown field of no column type is rejected. */
    @Test
    default void unknownFieldOfNoColumnTypeIsRejected() {
        defineTodo();
        for (Object value : List.of(5, new BigDecimal("1"), new Date(), new Object(), List.of(5), Map.of("k", 1.5f))) {
            assertThrows(StoreException.class, () -> save(TODO, row("id", "a", "extra", value)),
                    () -> "unknown field holding " + value.getClass().getName());
        }
        assertEquals(Optional.empty(), store().lookup(TODO, "a"));
    }

    /** Checks that row without a string id is rejected. */
    @Test
    default void rowWithoutAStringIdIsRejected() {
        defineTodo();

        assertThrows(StoreException.class, () -> save(TODO, row("text", "no id")));
        assertThrows(StoreException.class, () -> save(TODO, row("id", null, "text", "null id")));
        assertThrows(StoreException.class, () -> save(TODO, row("id", 5L, "text", "long id")));
        assertEquals(List.of(), store().read(StoreQuery.all(TODO)).rows());
    }

    /** Checks that batch with one bad row writes nothing. */
    @Test
    default void batchWithOneBadRowWritesNothing() {
        defineTodo();
        save(TODO, row("id", "a", "text", "before"));

        assertThrows(StoreException.class, () -> save(TODO, List.of(
                row("id", "a", "text", "replaced"), row("id", "b", "text", "new"),
                row("id", "c", "priority", "not a number"))));

        assertEquals(row("id", "a", "text", "before"), stored(TODO, "a"));
        assertEquals(Optional.empty(), store().lookup(TODO, "b"));
        assertEquals(1, store().read(StoreQuery.all(TODO)).rows().size());
    }

    /** Checks that undefined table fails for every call naming the table. */
    @Test
    default void undefinedTableFailsForEveryCallNamingTheTable() {
        defineTodo();
        List<Runnable> calls = List.of(
                () -> store().lookup("nope", "a"),
                () -> store().read(StoreQuery.all("nope")),
                () -> store().upsert("nope", List.of(row("id", "a"))),
                () -> store().delete("nope", List.of("a")),
                () -> store().deleteWhere("nope", null),
                () -> store().transaction(ops -> ops.lookup("nope", "a")));
        for (Runnable call : calls) {
            StoreException e = assertThrows(StoreException.class, call::run);
            assertTrue(e.getMessage().contains("nope"), "message names the table: " + e.getMessage());
        }
    }
}

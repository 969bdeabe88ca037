package dev.offlinesync.testkit;

import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreQuery;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.offlinesync.spi.SortOrder.asc;
import static dev.offlinesync.spi.SortOrder.desc;
import static dev.offlinesync.testkit.Fixtures.TODO;
import static dev.offlinesync.testkit.Fixtures.at;
import static dev.offlinesync.testkit.Fixtures.eq;
import static dev.offlinesync.testkit.Fixtures.ge;
import static dev.offlinesync.testkit.Fixtures.ids;
import static dev.offlinesync.testkit.Fixtures.list;
import static dev.offlinesync.testkit.Fixtures.query;
import static dev.offlinesync.testkit.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Ordering by several keys with nulls lowest, skip and top, the projection and the total count. */
interface OrderingContract extends StoreFixture {

    private void saveFive() {
        defineTodo();
        save(TODO, List.of(
                row("id", "r1", "text", "pear", "priority", 10L, "score", 2.5, "complete", true,
                        "due", at("2026-03-01T00:00:00.002Z")),
                row("id", "r2", "text", "Apple", "priority", 2L, "score", -1.0, "complete", false,
                        "due", at("2026-03-01T00:00:00.001Z")),
                row("id", "r3", "text", "apple", "priority", -5L, "score", 10.0, "complete", true,
                        "due", at("1969-07-20T20:17:40Z")),
                row("id", "r4", "priority", 2L, "complete", false),
                row("id", "r5", "text", "zebra", "priority", 100L, "score", 0.25, "complete", true,
                        "due", at("2026-03-01T00:00:00Z"))));
    }

    private ReadResult page(long skip, long top, boolean count) {
        return store().read(query(TODO, null, List.of(asc("id")), skip, top, count));
    }

    /** Checks that ascending order puts nulls first. */
    @Test
    default void ascendingOrderPutsNullsFirst() {
        saveFive();
        assertEquals(List.of("r4", "r2", "r3", "r1", "r5"), idsOrderedBy(TODO, asc("text")));
    }

    /** Checks that descending order puts nulls last. */
    @Test
    default void descendingOrderPutsNullsLast() {
        saveFive();
        assertEquals(List.of("r5", "r1", "r3", "r2", "r4"), idsOrderedBy(TODO, desc("text")));
    }

    /** Checks that strings order by code point. */
    @Test
    default void stringsOrderByCodePoint() {
        defineTodo();
        save(TODO, List.of(row("id", "1", "text", "é"), row("id", "2", "text", "a"), row("id", "3", "text", "😀"),
                row("id", "4", "text", "B"), row("id", "5", "text", "\uFFFD"), row("id", "6", "text", "z"),
                row("id", "7", "text", "aa"), row("id", "8", "text", "")));

        List<Map<String, Object>> rows = store().read(StoreQuery.all(TODO).withOrderBy(List.of(asc("text")))).rows();

        assertEquals(List.of("", "B", "a", "aa", "z", "é", "\uFFFD", "😀"), rows.stream().map(r -> r.get("text")).toList());
    }

    /** Checks that integers order by value not as text. */
    @Test
    default void integersOrderByValueNotAsText() {
        defineTodo();
        save(TODO, List.of(row("id", "nine", "priority", 9L), row("id", "ten", "priority", 10L),
                row("id", "hundred", "priority", 100L), row("id", "minusOne", "priority", -1L),
                row("id", "min", "priority", Long.MIN_VALUE), row("id", "max", "priority", Long.MAX_VALUE),
                row("id", "two", "priority", 2L)));

        assertEquals(List.of("min", "minusOne", "two", "nine", "ten", "hundred", "max"), idsOrderedBy(TODO, asc("priority")));
        assertEquals(List.of("max", "hundred", "ten", "nine", "two", "minusOne", "min"), idsOrderedBy(TODO, desc("priority")));
    }

    /** Checks that reals order by value. */
    @Test
    default void realsOrderByValue() {
        saveFive();
        assertEquals(List.of("r4", "r2", "r5", "r1", "r3"), idsOrderedBy(TODO, asc("score")));
        assertEquals(List.of("r3", "r1", "r5", "r2", "r4"), idsOrderedBy(TODO, desc("score")));
    }

    /** Checks that booleans order false before true. */
    @Test
    default void booleansOrderFalseBeforeTrue() {
        saveFive();
        assertEquals(List.of("r2", "r4", "r1", "r3", "r5"), idsOrderedBy(TODO, asc("complete"), asc("id")));
    }

    /** Checks that dates order by instant to the millisecond. */
    @Test
    default void datesOrderByInstantToTheMillisecond() {
        saveFive();
        assertEquals(List.of("r4", "r3", "r5", "r2", "r1"), idsOrderedBy(TODO, asc("due")));
        assertEquals(List.of("r1", "r2", "r5", "r3", "r4"), idsOrderedBy(TODO, desc("due")));
    }

    /** Checks that several keys order in turn. */
    @Test
    default void severalKeysOrderInTurn() {
        saveFive();
        assertEquals(List.of("r3", "r1", "r5", "r4", "r2"), idsOrderedBy(TODO, desc("complete"), asc("priority"), desc("id")));
        assertEquals(List.of("r5", "r1", "r4", "r2", "r3"), idsOrderedBy(TODO, desc("priority"), asc("text")));
    }

    /** Checks that skip and top page through ordered rows. */
    @Test
    default void skipAndTopPageThroughOrderedRows() {
        saveFive();
        assertEquals(List.of("r1", "r2"), ids(page(0, 2, false)));
        assertEquals(List.of("r3", "r4"), ids(page(2, 2, false)));
        assertEquals(List.of("r5"), ids(page(4, 2, false)));
        assertEquals(List.of(), ids(page(5, 2, false)));
        assertEquals(List.of("r4", "r5"), ids(page(3, -1, false)), "top -1 means no limit");
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5"), ids(page(0, -1, false)));
        assertEquals(List.of(), ids(page(10, -1, false)));
        assertEquals(List.of("r2", "r3", "r4", "r5"), ids(page(1, Long.MAX_VALUE, false)));
    }

    /** Checks that skip and top apply after the filter. */
    @Test
    default void skipAndTopApplyAfterTheFilter() {
        saveFive();
        ReadResult result = store().read(query(TODO, eq("complete", true), List.of(desc("priority")), 1, 1, false));
        assertEquals(List.of("r1"), ids(result));
    }

    /** Checks that top zero returns no rows but still counts. */
    @Test
    default void topZeroReturnsNoRowsButStillCounts() {
        saveFive();
        ReadResult result = page(0, 0, true);
        assertEquals(List.of(), result.rows());
        assertEquals(5L, result.totalCount());
    }

    /** Checks that include total count counts all filter matches ignoring skip and top. */
    @Test
    default void includeTotalCountCountsAllFilterMatchesIgnoringSkipAndTop() {
        saveFive();
        ReadResult result = store().read(query(TODO, ge("priority", 2L), List.of(asc("id")), 1, 2, true));

        assertEquals(List.of("r2", "r4"), ids(result));
        assertEquals(4L, result.totalCount());
    }

    /** Checks that total count is minus one when not asked. */
    @Test
    default void totalCountIsMinusOneWhenNotAsked() {
        saveFive();
        assertEquals(-1L, page(0, 2, false).totalCount());
    }

    /** Checks that total count of no matches is zero. */
    @Test
    default void totalCountOfNoMatchesIsZero() {
        saveFive();
        assertEquals(0L, store().read(query(TODO, eq("text", "none"), List.of(), 0, -1, true)).totalCount());
    }

    /** Checks that select returns exactly the chosen columns. */
    @Test
    default void selectReturnsExactlyTheChosenColumns() {
        saveFive();
        List<Map<String, Object>> rows = store().read(StoreQuery.where(TODO, eq("id", "r1"))
                .withSelect(List.of("text", "priority"))).rows();

        assertEquals(List.of(Map.of("text", "pear", "priority", 10L)), rows);
    }

    /** Checks that select of a column without value gives null. */
    @Test
    default void selectOfAColumnWithoutValueGivesNull() {
        saveFive();
        Map<String, Object> row = store().read(StoreQuery.where(TODO, eq("id", "r4"))
                .withSelect(List.of("text", "score", "priority"))).rows().get(0);

        assertEquals(Set.of("text", "score", "priority"), new HashSet<>(row.keySet()));
        assertNull(row.get("text"));
        assertNull(row.get("score"));
        assertEquals(2L, row.get("priority"));
    }

    /** Checks that select combines with ordering on other columns and paging. */
    @Test
    default void selectCombinesWithOrderingOnOtherColumnsAndPaging() {
        saveFive();
        StoreQuery query = new StoreQuery(TODO, null, List.of(desc("priority"), asc("id")), 1, 2, List.of("id"), true);

        ReadResult result = store().read(query);

        assertEquals(List.of(Map.of("id", "r1"), Map.of("id", "r2")), result.rows());
        assertEquals(5L, result.totalCount());
    }

    /** Checks that select of a json column returns the whole value. */
    @Test
    default void selectOfAJsonColumnReturnsTheWholeValue() {
        defineTodo();
        save(TODO, row("id", "a", "text", "x", "tags", row("labels", list("home", "urgent"), "n", 2L)));

        List<Map<String, Object>> rows = store().read(StoreQuery.all(TODO).withSelect(List.of("tags"))).rows();

        assertEquals(List.of(Map.of("tags", Map.of("labels", List.of("home", "urgent"), "n", 2L))), rows);
    }
}

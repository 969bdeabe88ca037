package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query options of a list request ({@code GET /tables/T}) and how they apply to a table snapshot.
 *
 * @param filter         the parsed {@code $filter}, {@code null} for all rows
 * @param orderBy        {@code $orderby} keys; empty means insertion order
 * @param skip           {@code $skip}
 * @param top            rows to take: {@code $top}, or the default page size when absent; at most the page size cap
 * @param select         {@code $select} columns; empty for all
 * @param inlineCount    {@code $inlinecount=allpages}: answer {@code {results, count}}
 * @param includeDeleted {@code __includeDeleted} present with a non-empty value (the server's truthiness)
 */
record ListQuery(Predicate filter, List<SortOrder> orderBy, long skip, long top, List<String> select,
                 boolean inlineCount, boolean includeDeleted) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** An ISO-8601 date-time with zone; other strings stay strings (and compare with a date as unknown). */
    private static final Pattern ISO_DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Set<String> SYSTEM_DATES = Set.of("createdAt", "updatedAt");

    /** A query option the server rejects: the status (400 or 500) and the error message. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Rejected(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** One page of results and the number of all matching rows. */
    record Page(List<ObjectNode> items, long count) {
    }

    /**
     * Reads the options from decoded query parameters; {@code maxPageSize} caps the rows taken.
     *
     * @throws Rejected 400 for a bad or too large {@code $top}/{@code $skip}, 500 for a filter, order or
     *                  select that does not parse (as the server answers)
     */
    static ListQuery parse(Map<String, String> params, int defaultPageSize, int maxTop, int maxPageSize) {
        long top = defaultPageSize;
        String topText = params.get("$top");
        if (topText != null) {
            top = nonNegative("$top", topText);
            if (top > maxTop) {
                throw new Rejected(400, "You cannot request more than " + maxTop + " records", null);
            }
        }
        top = Math.min(top, maxPageSize);
        String skipText = params.get("$skip");
        long skip = skipText == null ? 0 : nonNegative("$skip", skipText);
        Predicate filter = null;
        String filterText = params.get("$filter");
        if (filterText != null && !filterText.isBlank()) {
            try {
                filter = ODataFilterParser.parse(filterText);
            } catch (ODataFilterParser.SyntaxException e) {
                throw new Rejected(500, e.getMessage(), e);
            }
        }
        String includeDeleted = params.get("__includeDeleted");
        return new ListQuery(filter, orderBy(params.get("$orderby")), skip, top, select(params.get("$select")),
                "allpages".equals(params.get("$inlinecount")), includeDeleted != null && !includeDeleted.isEmpty());
    }

    /** Filters, orders, counts and pages a snapshot, and renders the page's items. */
    Page execute(FakeTable.Snapshot snapshot) {
        Set<String> dateFields = userDateFields(filter);
        List<FakeTable.Row> matched = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        for (FakeTable.Row row : snapshot.rows()) {
            if (row.deleted() && !includeDeleted) {
                continue;
            }
            Map<String, Object> rowValues = withUserDates(row.values(), dateFields);
            if (InMemoryEvaluator.matches(filter, rowValues)) {
                matched.add(row);
                values.add(rowValues);
            }
        }
        List<Integer> order = firstInOrder(values, Math.min(matched.size(), skip + top));
        List<ObjectNode> items = new ArrayList<>();
        for (long i = skip; i < order.size(); i++) {
            items.add(render(matched.get(order.get((int) i)), snapshot.columns()));
        }
        return new Page(items, matched.size());
    }

    /**
     * The positions of the first {@code needed} rows in {@code $orderby} order (ties in insertion order, as a
     * stable sort would give). A bounded heap instead of a full sort: a pull reads a 1000-row page of a large
     * table, and most rows are never compared more than once.
     */
    private List<Integer> firstInOrder(List<Map<String, Object>> values, long needed) {
        List<Integer> order = new ArrayList<>((int) needed);
        if (orderBy.isEmpty()) {
            for (int i = 0; i < needed; i++) {
                order.add(i);
            }
            return order;
        }
        Comparator<Map<String, Object>> byKeys = InMemoryEvaluator.comparator(orderBy);
        Comparator<Integer> stable = (a, b) -> {
            int cmp = byKeys.compare(values.get(a), values.get(b));
            return cmp != 0 ? cmp : Integer.compare(a, b);
        };
        if (needed == 0) {
            return order;
        }
        PriorityQueue<Integer> largestFirst = new PriorityQueue<>((int) needed, stable.reversed());
        for (int i = 0; i < values.size(); i++) {
            if (largestFirst.size() < needed) {
                largestFirst.add(i);
            } else if (stable.compare(i, largestFirst.peek()) < 0) {
                largestFirst.poll();
                largestFirst.add(i);
            }
        }
        order.addAll(largestFirst);
        order.sort(stable);
        return order;
    }

    private ObjectNode render(FakeTable.Row row, List<String> columns) {
        ObjectNode item = row.toJson(columns);
        if (select.isEmpty()) {
            return item;
        }
        ObjectNode projected = item.objectNode();
        for (String column : select) {
            if (item.has(column)) {
                projected.set(column, item.get(column));
            }
        }
        return projected;
    }

    static long nonNegative(String option, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new Rejected(400, "Invalid " + option + " '" + text + "': use a non-negative integer", e);
        }
        throw new Rejected(400, "Invalid " + option + " '" + text + "': use a non-negative integer", null);
    }

    static List<SortOrder> orderBy(String text) {
        List<SortOrder> orders = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return orders;
        }
        for (String part : text.split(",", -1)) {
            String[] words = part.trim().split("\\s+");
            boolean valid = words.length >= 1 && words.length <= 2 && IDENTIFIER.matcher(words[0]).matches()
                    && (words.length == 1 || words[1].equals("asc") || words[1].equals("desc"));
            if (!valid) {
                throw new Rejected(500, "Invalid $orderby '" + text + "'", null);
            }
            orders.add(new SortOrder(words[0], words.length == 1 || words[1].equals("asc")));
        }
        return orders;
    }

    static List<String> select(String text) {
        List<String> columns = new ArrayList<>();
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return columns;
        }
        for (String part : text.split(",", -1)) {
            String column = part.trim();
            if (!IDENTIFIER.matcher(column).matches()) {
                throw new Rejected(500, "Invalid $select '" + text + "'", null);
            }
            columns.add(column);
        }
        return columns;
    }

    /**
     * User fields that the filter compares with a date literal. Their values are ISO strings in the row (the
     * fake has no schema), so they are parsed to instants before evaluation, as the server's typed date
     * columns would compare.
     */
    private static Set<String> userDateFields(Predicate predicate) {
        Set<String> fields = new HashSet<>();
        collectDateFields(predicate, fields);
        fields.removeAll(SYSTEM_DATES);
        return fields;
    }

    private static void collectDateFields(Predicate predicate, Set<String> fields) {
        if (predicate instanceof Predicate.Comparison c && c.value() instanceof Instant) {
            fields.add(c.field());
        } else if (predicate instanceof Predicate.And and) {
            and.operands().forEach(p -> collectDateFields(p, fields));
        } else if (predicate instanceof Predicate.Or or) {
            or.operands().forEach(p -> collectDateFields(p, fields));
        } else if (predicate instanceof Predicate.Not not) {
            collectDateFields(not.operand(), fields);
        }
    }

    private static Map<String, Object> withUserDates(Map<String, Object> values, Set<String> dateFields) {
        if (dateFields.isEmpty()) {
            return values;
        }
        Map<String, Object> copy = new HashMap<>(values);
        for (String field : dateFields) {
            if (copy.get(field) instanceof String text && ISO_DATE_TIME.matcher(text).matches()) {
                copy.put(field, OffsetDateTime.parse(text).toInstant());
            }
        }
        return copy;
    }
}

package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A list request of the Datasync server ({@code GET {table}?<query>}): OData v4 options checked as the server
 * checks them (400 with a JSON string), member names resolved case-insensitively, order always ending with
 * {@code id}, {@code min($top, page size)} rows, and the body {@code {"items", "count", "nextLink"}} whose
 * {@code nextLink} is the request's query string with {@code $skip}/{@code $top} moved on.
 */
final class DatasyncList {

    private DatasyncList() {
    }

    static Reply answer(FakeTable table, RecordedRequest request, FakeTableService service) {
        Map<String, String> params = request.query();
        long top;
        long skip;
        Predicate filter = null;
        List<SortOrder> orderBy;
        List<String> select;
        try {
            String topText = params.get("$top");
            top = topText == null ? -1 : ListQuery.nonNegative("$top", topText);
            if (top > service.maxTop()) {
                return badRequest("The limit of '" + service.maxTop() + "' for Top query has been exceeded. The"
                        + " value from the incoming request is '" + top + "'.");
            }
            String skipText = params.get("$skip");
            skip = skipText == null ? 0 : ListQuery.nonNegative("$skip", skipText);
            String filterText = params.get("$filter");
            if (filterText != null && !filterText.isBlank()) {
                filter = ODataFilterParser.parseV4(filterText);
            }
            orderBy = ListQuery.orderBy(params.get("$orderby"));
            select = ListQuery.select(params.get("$select"));
        } catch (ListQuery.Rejected | ODataFilterParser.SyntaxException e) {
            return badRequest(e.getMessage());
        }
        FakeTable.Snapshot snapshot = table.snapshot();
        UnaryOperator<String> member = members(snapshot, table.format());
        List<SortOrder> order = new ArrayList<>();
        orderBy.forEach(o -> order.add(new SortOrder(member.apply(o.field()), o.ascending())));
        order.add(new SortOrder("id", true));
        long pageSize = Math.min(service.defaultPageSize(), service.maxPageSize());
        long rows = top < 0 ? pageSize : Math.min(top, pageSize);
        ListQuery query = new ListQuery(filter == null ? null : renamed(filter, member), order, skip, rows,
                select.stream().map(member).toList(), false, includeDeleted(request));
        ListQuery.Page page = query.execute(snapshot);

        ObjectNode body = WireFormat.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        items.addAll(page.items());
        if (params.containsKey("$count")) {
            body.put("count", page.count());
        } else {
            body.putNull("count");
        }
        String next = nextLink(params, top, skip, page.items().size(), page.count());
        if (next == null) {
            body.putNull("nextLink");
        } else {
            body.put("nextLink", next);
        }
        return Reply.entity(200, body);
    }

    /** {@code __includedeleted=true}: the name in any case, the value {@code true} in any case. */
    static boolean includeDeleted(RecordedRequest request) {
        return "true".equalsIgnoreCase(TableHttpHandler.queryIgnoringCase(request.query(), "__includedeleted"));
    }

    static Reply badRequest(String message) {
        return Reply.entity(400, TextNode.valueOf(message));
    }

    /**
     * The next page's query string, or {@code null} at the end: with {@code $top} T, null once {@code S+n >= C}
     * or {@code T-n <= 0}, else {@code $skip=S+n} and {@code $top=T-n}; without, null once {@code S+n >= C},
     * else {@code $skip=S+n}. Every parameter keeps its place, {@code $skip}/{@code $top} are replaced in place
     * or appended, names and values are re-encoded.
     */
    static String nextLink(Map<String, String> params, long top, long skip, long returned, long count) {
        long nextSkip = skip + returned;
        if (nextSkip >= count || (top >= 0 && top - returned <= 0)) {
            return null;
        }
        Map<String, String> next = new java.util.LinkedHashMap<>(params);
        if (top >= 0) {
            next.put("$top", Long.toString(top - returned));
        }
        next.put("$skip", Long.toString(nextSkip));
        StringBuilder link = new StringBuilder();
        next.forEach((name, value) -> link.append(link.length() == 0 ? "" : "&")
                .append(Percent.encodeDataString(name)).append('=').append(Percent.encodeDataString(value)));
        return link.toString();
    }

    /** Resolves member names as the server does, ignoring case, against the table's known columns. */
    private static UnaryOperator<String> members(FakeTable.Snapshot snapshot, RowFormat format) {
        Map<String, String> known = new HashMap<>();
        List<String> names = new ArrayList<>(snapshot.columns());
        names.add("id");
        names.addAll(format.systemNames());
        names.forEach(name -> known.putIfAbsent(name.toLowerCase(Locale.ROOT), name));
        return name -> known.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    private static Predicate renamed(Predicate predicate, UnaryOperator<String> member) {
        if (predicate instanceof Predicate.Comparison c) {
            return new Predicate.Comparison(member.apply(c.field()), c.op(), c.value());
        } else if (predicate instanceof Predicate.In in) {
            return new Predicate.In(member.apply(in.field()), in.values());
        } else if (predicate instanceof Predicate.IsNull isNull) {
            return new Predicate.IsNull(member.apply(isNull.field()));
        } else if (predicate instanceof Predicate.StringMatch m) {
            return new Predicate.StringMatch(member.apply(m.field()), m.match(), m.value());
        } else if (predicate instanceof Predicate.And and) {
            return new Predicate.And(and.operands().stream().map(p -> renamed(p, member)).toList());
        } else if (predicate instanceof Predicate.Or or) {
            return new Predicate.Or(or.operands().stream().map(p -> renamed(p, member)).toList());
        } else if (predicate instanceof Predicate.Not not) {
            return new Predicate.Not(renamed(not.operand(), member));
        }
        throw new IllegalArgumentException("Unknown predicate " + predicate);
    }
}

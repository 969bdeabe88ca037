package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query rules of the Mobile Services runtime: which parameters it accepts (any other {@code $} or
 * {@code __} name is a 400), {@code __systemproperties}, {@code __includeDeleted}, and list requests
 * ({@code $top} 50 by default and at most 1000, no next-page signal, a bare array or {@code {results, count}}).
 */
final class MobileServicesList {

    private static final Set<String> OPTIONS =
            Set.of("$filter", "$select", "$orderby", "$skip", "$top", "$inlinecount");
    private static final Set<String> SYSTEM_PARAMETERS = Set.of("__systemproperties", "__includedeleted");

    private MobileServicesList() {
    }

    /** A request the runtime refuses with a 400 and this message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** {@code {"code": status, "error": "Error: message"}}, the runtime's error body. */
    static Reply error(int status, String message) {
        ObjectNode body = WireFormat.MAPPER.createObjectNode();
        body.put("code", status);
        body.put("error", "Error: " + message);
        return Reply.entity(status, body);
    }

    /** OData options only in exact lower case, and {@code __} names only the two the runtime knows. */
    static void checkParameterNames(RecordedRequest request) {
        for (String name : request.query().keySet()) {
            boolean reserved = name.startsWith("$") || name.startsWith("__");
            if (reserved && !OPTIONS.contains(name) && !SYSTEM_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new BadRequest("Invalid query parameter name '" + name + "'. Custom query parameter names"
                        + " must not start with $ or __.");
            }
        }
    }

    /**
     * The system columns asked for with {@code __systemproperties} (name in any case): a comma list of names
     * with or without {@code __}, in any case, or {@code *}; in the order asked.
     */
    static Set<String> systemProperties(RecordedRequest request) {
        Set<String> asked = new LinkedHashSet<>();
        String value = TableHttpHandler.queryIgnoringCase(request.query(), "__systemproperties");
        if (value == null || value.isBlank()) {
            return asked;
        }
        List<String> all = RowFormat.MOBILE_SERVICES.systemNames();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.equals("*")) {
                asked.addAll(all);
                continue;
            }
            String bare = name.startsWith("__") ? name.substring(2) : name;
            String match = all.stream().filter(n -> n.substring(2).equalsIgnoreCase(bare)).findFirst()
                    .orElseThrow(() -> new BadRequest("The value '" + name + "' is not a supported system"
                            + " property."));
            asked.add(match);
        }
        return asked;
    }

    /** {@code __includeDeleted=true}: the name and the value in any case. */
    static boolean includeDeleted(RecordedRequest request) {
        return "true".equalsIgnoreCase(TableHttpHandler.queryIgnoringCase(request.query(), "__includedeleted"));
    }

    /**
     * The item with only the system columns in {@code system} or {@code keep}; {@code __deleted} exists only on a
     * table with soft delete.
     */
    static ObjectNode withSystem(ObjectNode item, FakeTable table, Collection<String> system,
                                 Collection<String> keep) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            boolean wanted = system.contains(name) || keep.contains(name);
            if (table.format().isSystemName(name)
                    && (!wanted || (name.equals("__deleted") && !table.softDelete()))) {
                names.remove();
            }
        }
        return item;
    }

    static Reply answer(FakeTable table, RecordedRequest request, Set<String> system, FakeTableService service) {
        Map<String, String> params = request.query();
        long top = service.defaultPageSize();
        String topText = params.get("$top");
        if (topText != null) {
            try {
                top = Long.parseLong(topText.trim());
            } catch (NumberFormatException e) {
                return error(400, "The value specified for '$top' must be a number.");
            }
            if (top < 0) {
                return error(400, "The value specified for '$top' must be a positive number.");
            }
            if (top > service.maxTop()) {
                return error(400, "The value of the $top query option cannot exceed " + service.maxTop() + ".");
            }
        }
        String inlineCount = params.get("$inlinecount");
        if (inlineCount != null && !inlineCount.equals("allpages") && !inlineCount.equals("none")) {
            return error(400, "Invalid $inlinecount query option value '" + inlineCount + "'.");
        }
        String skipText = params.get("$skip");
        Predicate filter = null;
        List<SortOrder> orderBy;
        List<String> select;
        long skip;
        try {
            skip = skipText == null ? 0 : ListQuery.nonNegative("$skip", skipText);
            String filterText = params.get("$filter");
            if (filterText != null && !filterText.isBlank()) {
                filter = ODataFilterParser.parse(filterText);
            }
            orderBy = ListQuery.orderBy(params.get("$orderby"));
            select = ListQuery.select(params.get("$select"));
        } catch (ListQuery.Rejected | ODataFilterParser.SyntaxException e) {
            return error(400, "Invalid query specified. " + e.getMessage());
        }
        if (orderBy.isEmpty() && skipText != null) {
            // with $skip the runtime numbers rows over ORDER BY id; without, it sends no order at all
            orderBy = List.of(new SortOrder("id", true));
        }
        ListQuery query = new ListQuery(filter, orderBy, skip, Math.min(top, service.maxPageSize()), select,
                false, includeDeleted(request));
        ListQuery.Page page = query.execute(table.snapshot());
        ArrayNode results = WireFormat.MAPPER.createArrayNode();
        for (ObjectNode item : page.items()) {
            results.add(withSystem(item, table, system, select));
        }
        JsonNode body = results;
        if ("allpages".equals(inlineCount)) {
            ObjectNode withCount = WireFormat.MAPPER.createObjectNode();
            withCount.set("results", results);
            withCount.put("count", page.count());
            body = withCount;
        }
        return Reply.entity(200, body);
    }
}

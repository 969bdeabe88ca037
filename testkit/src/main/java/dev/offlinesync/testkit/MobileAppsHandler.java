package dev.offlinesync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Azure Mobile Apps 2.0.0 as the Node server's Express routes answer it: API version check, {@code PATCH}
 * updates, {@code POST /tables/T/id} undeletes, bare-array or {@code {results, count}} lists with the server's
 * unusable {@code Link} header, HTML 404 pages for unknown routes.
 */
final class MobileAppsHandler implements DialectHandler {

    private static final Pattern API_VERSION = Pattern.compile("2\\.0\\.\\d+");
    private static final String VERSION_ERROR = "An invalid API version was specified in the request, this request"
            + " needs to specify a ZUMO-API-VERSION of 2.0.0.";

    private final FakeTableService service;

    MobileAppsHandler(FakeTableService service) {
        this.service = service;
    }

    @Override
    public RowFormat rowFormat() {
        return RowFormat.MOBILE_APPS;
    }

    @Override
    public Reply answer(Route route, RecordedRequest request) {
        String method = request.method();
        String rawPath = route.rawPath();
        if (!rawPath.equals("/tables") && !rawPath.startsWith("/tables/")) {
            return Reply.notFoundPage(method, rawPath);
        }
        String version = request.header("ZUMO-API-VERSION");
        if (version == null) {
            version = TableHttpHandler.queryIgnoringCase(request.query(), "ZUMO-API-VERSION");
        }
        if (version == null || !API_VERSION.matcher(version).matches()) {
            return Reply.error(400, VERSION_ERROR);
        }
        FakeTable table = route.table();
        if (table == null) {
            return Reply.notFoundPage(method, rawPath);
        }
        if (route.id() == null) {
            return switch (method) {
                case "GET" -> list(table, request);
                case "POST" -> withBody(request, body -> table.insert(body, service::now));
                case "PATCH", "DELETE" -> Reply.error(405, "The fake table service does not support " + method
                        + " on a whole table; address one item: /tables/" + table.name() + "/{id}");
                default -> Reply.notFoundPage(method, rawPath);
            };
        }
        String id = route.id();
        String ifMatch = WireFormat.versionFromIfMatch(request.header("If-Match"));
        return switch (method) {
            case "GET" -> Reply.of(table.read(id));
            case "POST" -> Reply.of(table.undelete(id, ifMatch, service::now));
            case "PATCH" -> withBody(request, body -> table.update(id, body, ifMatch, service::now));
            case "DELETE" -> Reply.of(table.delete(id, ifMatch, service::now));
            default -> Reply.notFoundPage(method, rawPath);
        };
    }

    private Reply list(FakeTable table, RecordedRequest request) {
        ListQuery query;
        try {
            query = ListQuery.parse(request.query(), service.defaultPageSize(), service.maxTop(),
                    service.maxPageSize());
        } catch (ListQuery.Rejected e) {
            return Reply.error(e.status(), e.getMessage());
        }
        ListQuery.Page page = query.execute(table.snapshot());
        ArrayNode results = WireFormat.MAPPER.createArrayNode();
        results.addAll(page.items());
        JsonNode body = results;
        if (query.inlineCount()) {
            ObjectNode withCount = WireFormat.MAPPER.createObjectNode();
            withCount.set("results", results);
            withCount.put("count", page.count());
            body = withCount;
        }
        Reply reply = Reply.json(200, body, null);
        if (query.top() > 0 && page.items().size() == query.top()) {
            reply = reply.withHeader("Link", nextLink(request, query));
        }
        return reply;
    }

    /**
     * The server's next-page link for a page that holds as many rows as it took: the request's parameters with
     * {@code $top} and {@code $skip} moved on, on the request's host but without port or table path (the real
     * server builds it from the table router's path), so it cannot be followed as it is.
     */
    private static String nextLink(RecordedRequest request, ListQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>(request.query());
        parameters.put("$top", Long.toString(query.top()));
        parameters.put("$skip", Long.toString(query.skip() + query.top()));
        StringBuilder link = new StringBuilder("http://127.0.0.1/?");
        parameters.forEach((name, value) -> link.append(link.charAt(link.length() - 1) == '?' ? "" : "&")
                .append(Percent.encode(name)).append('=').append(Percent.encode(value)));
        return link.append("; rel=next").toString();
    }

    private interface ItemOperation {
        FakeTable.Result apply(ObjectNode body);
    }

    /**
     * Parses the body as the server's body parser does: only an {@code application/json} body is read (any
     * other is taken as {@code {}}), an empty one is {@code {}}, bad JSON is a 400.
     */
    private static Reply withBody(RecordedRequest request, ItemOperation operation) {
        if (!TableHttpHandler.isJson(request) || request.body().isBlank()) {
            return Reply.of(operation.apply(WireFormat.MAPPER.createObjectNode()));
        }
        JsonNode body;
        try {
            body = WireFormat.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            return Reply.error(400, e.getOriginalMessage());
        }
        if (!(body instanceof ObjectNode item)) {
            return Reply.error(400, "The request body must be a JSON object, not " + body.getNodeType());
        }
        return Reply.of(operation.apply(item));
    }
}

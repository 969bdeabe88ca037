package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Mobile Services 2014 (the Node runtime of Azure Mobile Services). The server refuses a version header and asks
 * for the application key in {@code X-ZUMO-APPLICATION}. Its system columns are {@code __createdAt},
 * {@code __updatedAt}, {@code __version} and {@code __deleted}, sent only when {@code __systemproperties} asks for
 * them, and refused in a request body. Updates are {@code PATCH} answered with only the sent fields and the system
 * columns, so the answer is laid over what was sent. Deletes answer 204; a deleted item is 404 like a missing one,
 * and comes back by a body-less {@code POST} on its id. A duplicate insert's 409 carries no item. Lists are a
 * bare array or {@code {results, count}} with no next-page signal, and any other {@code $} or {@code __} query
 * parameter is a 400. The server keeps updatedAt in SQL Server, so pulls read by millisecond buckets.
 */
final class MobileServicesProtocol extends WireProtocol {

    private static final System.Logger LOG = System.getLogger(MobileServicesProtocol.class.getName());
    private static final Map<String, String> WIRE_NAMES = Map.of(SystemColumns.CREATED_AT, "__createdAt",
            SystemColumns.UPDATED_AT, "__updatedAt", SystemColumns.VERSION, "__version",
            SystemColumns.DELETED, "__deleted");
    private static final Map<String, String> LOCAL_NAMES = Map.of("__createdAt", SystemColumns.CREATED_AT,
            "__updatedAt", SystemColumns.UPDATED_AT, "__version", SystemColumns.VERSION,
            "__deleted", SystemColumns.DELETED);
    /** Every system column in every answer about an item. */
    private static final Map<String, String> SYSTEM_PROPERTIES = Map.of("__systemproperties", "*");
    private static final PageParser PAGES = new PageParser("results", true, LOCAL_NAMES);
    /** How the server says that a table (rather than an item) does not exist. */
    private static final Pattern NO_TABLE = Pattern.compile("Error: Table '.*' does not exist\\.");

    private final ObjectMapper json = new ObjectMapper();

    /** {@code applicationKey}: sent as {@code X-ZUMO-APPLICATION} when given; never logged. */
    MobileServicesProtocol(String applicationKey) {
        super(ProtocolDialect.MOBILE_SERVICES, applicationKey == null || applicationKey.isBlank() ? Map.of()
                : Map.of("X-ZUMO-APPLICATION", applicationKey), 1000, false,
                new ODataWriter(column -> WIRE_NAMES.getOrDefault(column, column),
                        instant -> "datetimeoffset'" + Dates.format(instant) + "'", false));
    }

    @Override
    public ObjectNode toLocal(ObjectNode wireItem) {
        LOCAL_NAMES.forEach((wire, local) -> {
            JsonNode value = wireItem.remove(wire);
            if (value != null) {
                wireItem.set(local, value);
            }
        });
        return wireItem;
    }

    /** Without the system columns and anything else named {@code __…}: the server refuses those in a body. */
    @Override
    public ObjectNode body(ObjectNode localItem) {
        ObjectNode body = super.body(localItem);
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith("__")) {
                names.remove();
            }
        }
        return body;
    }

    @Override
    public HttpCall insert(String table, ObjectNode body) {
        return new HttpCall("POST", tablePath(table), SYSTEM_PROPERTIES, body, null);
    }

    @Override
    public HttpCall update(String table, String id, ObjectNode body, String version) {
        return new HttpCall("PATCH", itemPath(table, id), SYSTEM_PROPERTIES, body, version);
    }

    /** A body-less {@code POST} on the item (a body is a 400 there). */
    @Override
    public HttpCall undelete(String table, String id, ObjectNode body) {
        return new HttpCall("POST", itemPath(table, id), SYSTEM_PROPERTIES, null, null);
    }

    @Override
    public HttpCall get(String table, String id) {
        return new HttpCall("GET", itemPath(table, id), SYSTEM_PROPERTIES, null, null);
    }

    @Override
    public HttpCall list(String table, ListQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.filter() != null) {
            parameters.put("$filter", odata().filter(query.filter()));
        }
        if (!query.orderBy().isEmpty()) {
            // The server adds no tie-breaker of its own: the order asked is the whole order.
            StringBuilder order = new StringBuilder();
            for (String column : query.orderBy()) {
                order.append(order.length() == 0 ? "" : ",").append(WIRE_NAMES.getOrDefault(column, column))
                        .append(" asc");
            }
            parameters.put("$orderby", order.toString());
        }
        parameters.put("$top", Integer.toString(query.top()));
        if (query.count()) {
            parameters.put("$inlinecount", "allpages");
        }
        if (query.includeDeleted()) {
            parameters.put("__includeDeleted", "true");
        }
        parameters.putAll(SYSTEM_PROPERTIES);
        return new HttpCall("GET", tablePath(table), parameters, null, null);
    }

    @Override
    public Page page(ObjectMapper mapper, InputStream body, HttpHeaders headers, String what,
                     Function<String, ColumnType> types) throws IOException {
        PageParser.Parsed parsed = PAGES.parse(mapper, body, what, types);
        return new Page(parsed.items(), parsed.count(), Page.Next.UNKNOWN, serverDate(headers, parsed));
    }

    /**
     * The answer holds the fields sent and the system columns asked for: laid over the local row and what was sent,
     * it is the server's row (a system column the answer lacks keeps its local value).
     */
    @Override
    public ObjectNode updateAnswer(ObjectNode localItem, ObjectNode sent, ObjectNode answer) {
        ObjectNode merged = localItem.deepCopy();
        merged.setAll(sent);
        merged.setAll(answer);
        return merged;
    }

    @Override
    public boolean duplicateInsertCarriesServerItem() {
        return false;
    }

    /** A 404 about a missing table also comes on an item's route, told apart by its message. */
    @Override
    public HttpStatusException exception(String method, String path, int status, String body, HttpHeaders headers) {
        if (status == 404 && NO_TABLE.matcher(errorText(body)).matches()) {
            return new NoSuchTableException("The server has no table at " + path.replaceFirst("^(tables/[^/]+).*",
                    "$1") + " (404 for " + method + " " + path + "): check the table name and that the service"
                    + " defines it", status, body);
        }
        return super.exception(method, path, status, body, headers);
    }

    private String errorText(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node != null && node.path("error").isTextual() ? node.get("error").textValue() : "";
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error body is not JSON", e);
            return "";
        }
    }
}

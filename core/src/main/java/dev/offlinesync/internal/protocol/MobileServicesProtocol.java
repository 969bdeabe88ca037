package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Iterator;
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

    private static final Map<String, String> WIRE_NAMES = Map.of(SystemColumns.CREATED_AT, "__createdAt",
            SystemColumns.UPDATED_AT, "__updatedAt", SystemColumns.VERSION, "__version",
            SystemColumns.DELETED, "__deleted");
    private static final Map<String, String> LOCAL_NAMES = Map.of("__createdAt", SystemColumns.CREATED_AT,
            "__updatedAt", SystemColumns.UPDATED_AT, "__version", SystemColumns.VERSION,
            "__deleted", SystemColumns.DELETED);
    /** Every system column in every answer about an item. */
    private static final Map<String, String> SYSTEM_PROPERTIES = Map.of("__systemproperties", "*");
    private static final PageParser PAGES = new PageParser("results", true, LOCAL_NAMES);
    /** How the server says that a table (rather than an item) does not exist, also on an item's route. */
    private static final Pattern NO_TABLE = Pattern.compile("Error: Table '.*' does not exist\\.");
    /** How the server refuses an undelete on a table without soft delete (rows deleted there are gone for good). */
    private static final String NO_UNDELETE = "Error: The undelete operation is not supported on this table.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(MobileServicesProtocol.class.getName());
    /**
     * The server adds no tie-breaker and no direction of its own, so each column is ordered ascending in so many
     * words; any other {@code $} or {@code __} parameter than these is a 400.
     */
    private static final ListWords LIST_WORDS = new ListWords("$inlinecount", "allpages", "__includeDeleted", " asc",
            SYSTEM_PROPERTIES);

    /** {@code applicationKey}: sent as {@code X-ZUMO-APPLICATION} when given; never logged. */
    MobileServicesProtocol(String applicationKey) {
        super(ProtocolDialect.MOBILE_SERVICES, applicationKey == null || applicationKey.isBlank() ? Map.of()
                : Map.of("X-ZUMO-APPLICATION", applicationKey), 1000, false,
                new ODataWriter(column -> WIRE_NAMES.getOrDefault(column, column),
                        instant -> "datetimeoffset'" + Dates.format(instant) + "'", false), LIST_WORDS, NO_TABLE);
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
    public boolean refusesUndelete(HttpStatusException failure) {
        if (failure.status() != 400 || failure.body() == null || failure.body().isBlank()) {
            return false;
        }
        try {
            return NO_UNDELETE.equals(JSON.readTree(failure.body()).path("error").asText(null));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a 400 body is not JSON: not the runtime's refused undelete", e);
            return false;
        }
    }

    @Override
    public boolean duplicateInsertCarriesServerItem() {
        return false;
    }
}

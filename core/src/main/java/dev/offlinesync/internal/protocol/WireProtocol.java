package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.http.StatusErrors;
import dev.offlinesync.internal.http.TableClient;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * What the table protocols share: REST routes under {@code tables/}, list requests in OData, and what 404, 409, 410
 * and 412 mean. What differs between dialects in these is a setting of the constructor.
 */
abstract class WireProtocol implements Protocol {

    private static final System.Logger LOG = System.getLogger(WireProtocol.class.getName());

    /** Reads error bodies for every dialect; item values are taken as the server wrote them. */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A {@code Link} header's next page (spaces taken out, lower case); compiled once, not for every page. */
    private static final Pattern REL_NEXT = Pattern.compile(".*;rel=\"?next\"?.*");

    /**
     * How a dialect words a list request besides {@code $filter}, {@code $orderby} and {@code $top}.
     *
     * @param countName      the parameter that asks for the total count of the filtered rows
     * @param countValue     its value
     * @param includeDeleted the parameter that asks for soft-deleted rows too (sent as {@code true}; servers match
     *                       its exact case)
     * @param orderSuffix    what follows each {@code $orderby} column (a direction, where the dialect wants one)
     * @param last           parameters every list request ends with
     */
    record ListWords(String countName, String countValue, String includeDeleted, String orderSuffix,
                     Map<String, String> last) {
        ListWords {
            last = Map.copyOf(last);
        }
    }

    private final ProtocolDialect dialect;
    private final Map<String, String> headers;
    private final int maxTop;
    private final boolean exactTimestamps;
    private final ODataWriter odata;
    private final ListWords listWords;
    private final Pattern noTableText;

    /**
     * @param noTableText the error text of a 404 that is about the table on any route (not only the table's own),
     *                    or {@code null} where the route alone tells
     */
    WireProtocol(ProtocolDialect dialect, Map<String, String> headers, int maxTop, boolean exactTimestamps,
                 ODataWriter odata, ListWords listWords, Pattern noTableText) {
        this.dialect = dialect;
        this.headers = Map.copyOf(headers);
        this.maxTop = maxTop;
        this.exactTimestamps = exactTimestamps;
        this.odata = odata;
        this.listWords = listWords;
        this.noTableText = noTableText;
    }

    @Override
    public final ProtocolDialect dialect() {
        return dialect;
    }

    @Override
    public final Map<String, String> headers() {
        return headers;
    }

    @Override
    public final int maxTop() {
        return maxTop;
    }

    @Override
    public final boolean exactTimestamps() {
        return exactTimestamps;
    }

    /** How this dialect writes filters: its wire names, date literals and OData version. */
    final ODataWriter odata() {
        return odata;
    }

    /** The wire names are the local ones unless a dialect says otherwise. */
    @Override
    public ObjectNode toLocal(ObjectNode wireItem) {
        return wireItem;
    }

    static String tablePath(String table) {
        return "tables/" + TableClient.encode(table);
    }

    static String itemPath(String table, String id) {
        return tablePath(table) + "/" + TableClient.encode(id);
    }

    /** A POST of the body to the table (all dialects but one that asks for more with every request). */
    @Override
    public HttpCall insert(String table, ObjectNode body) {
        return new HttpCall("POST", tablePath(table), null, body, null);
    }

    @Override
    public HttpCall delete(String table, String id, String version) {
        return new HttpCall("DELETE", itemPath(table, id), null, null, version);
    }

    @Override
    public HttpCall get(String table, String id) {
        return new HttpCall("GET", itemPath(table, id), null, null, null);
    }

    @Override
    public final HttpCall list(String table, ListQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.filter() != null) {
            parameters.put("$filter", odata.filter(query.filter()));
        }
        if (!query.orderBy().isEmpty()) {
            StringJoiner order = new StringJoiner(",");
            query.orderBy().forEach(column -> order.add(odata.wireName(column) + listWords.orderSuffix()));
            parameters.put("$orderby", order.toString());
        }
        parameters.put("$top", Integer.toString(query.top()));
        if (query.count()) {
            parameters.put(listWords.countName(), listWords.countValue());
        }
        if (query.includeDeleted()) {
            parameters.put(listWords.includeDeleted(), "true");
        }
        parameters.putAll(listWords.last());
        return new HttpCall("GET", tablePath(table), parameters, null, null);
    }

    @Override
    public ObjectNode body(ObjectNode localItem) {
        ObjectNode body = localItem.deepCopy();
        body.remove(SystemColumns.SERVER_SET);
        return body;
    }

    @Override
    public ObjectNode updateAnswer(ObjectNode localItem, ObjectNode sent, ObjectNode answer) {
        return answer;
    }

    @Override
    public boolean isGone(HttpStatusException failure) {
        int status = failure.status();
        return (status == 404 || status == 410 || status == 412)
                && !(failure instanceof NoSuchTableException) && !(failure instanceof ConflictException);
    }

    @Override
    public HttpStatusException exception(String method, String path, int status, String body, HttpHeaders headers) {
        String what = method + " " + path;
        String quoted = StatusErrors.quote(JSON, body);
        boolean html = headers.firstValue("Content-Type").orElse("").contains("html");
        if (status == 404 && (html || !isItemPath(path) || saysNoTable(body))) {
            return new NoSuchTableException("The server has no table at " + tableOf(path) + " (404 for " + what
                    + (html ? " with an HTML page" : "") + quoted + "): check the table name, its case, and that the"
                    + " server defines it for this user", status, body);
        }
        if (status == 404 || status == 410) {
            return new HttpStatusException("The server has no item at " + path + " (" + status + " for " + what
                    + quoted + "): it was deleted on the server or is not visible to this user; discard or resolve"
                    + " the local change", status, body);
        }
        if (status == 409 || status == 412) {
            ObjectNode server = serverItem(body);
            if (status == 412 && server != null && server.path(SystemColumns.DELETED).asBoolean(false)
                    && isItemPath(path) && path.endsWith("/" + TableClient.encode(server.get("id").textValue()))) {
                // Mobile Services answers a write to a soft-deleted row with a stale version so, with that row
                // (a 409 with a deleted item is Datasync's answer to inserting a deleted id: a conflict to recover).
                // Only the item asked about says so: another item in the answer is no news of this one.
                return new HttpStatusException("The item at " + path + " was deleted on the server (" + status
                        + " for " + what + " with the deleted item): discard or resolve the local change", status,
                        body);
            }
            return new ConflictException("The server's version of the item differs from the client's (" + status
                    + " for " + what + "): resolve the conflict, e.g. retry with the server's version or take the"
                    + " server's item", status, body, server);
        }
        return null;
    }

    /** The server's item in a 409/412 body (local names), or {@code null}. */
    private ObjectNode serverItem(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("id").isTextual() ? toLocal((ObjectNode) node) : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "conflict body is not JSON", e);
            return null;
        }
    }

    /** Whether the body's {@code error} text is the dialect's way of saying that the table does not exist. */
    private boolean saysNoTable(String body) {
        if (noTableText == null || body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() && noTableText.matcher(error.textValue()).matches();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error body is not JSON", e);
            return false;
        }
    }

    /** {@code tables/T/id} rather than {@code tables/T}. */
    private static boolean isItemPath(String path) {
        return path.indexOf('/', path.indexOf('/') + 1) >= 0;
    }

    private static String tableOf(String path) {
        return path.replaceFirst("^(tables/[^/]+).*", "$1");
    }

    /**
     * The {@code Date} header of a list answer, or {@code null}: read only when the page has items (it bounds their
     * updatedAt), as parsing it costs more than the rest of an empty page.
     */
    static Instant serverDate(HttpHeaders headers, PageParser.Parsed parsed) {
        return parsed.items().isEmpty() ? null : serverDate(headers);
    }

    /** The answer's {@code Date} header, or {@code null}. */
    static Instant serverDate(HttpHeaders headers) {
        try {
            return headers.firstValue("Date")
                    .map(HttpDate::parse)
                    .orElse(null);
        } catch (DateTimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unreadable Date header", e);
            return null;
        }
    }

    /** Whether the answer has a {@code Link: <...>; rel=next} header. */
    static boolean linkNext(HttpHeaders headers) {
        return headers.allValues("Link").stream()
                .anyMatch(link -> REL_NEXT.matcher(link.toLowerCase(Locale.ROOT).replace(" ", "")).matches());
    }
}

package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Datasync 3.0.0 (the CommunityToolkit Datasync server and its 6.x predecessor). Wire names are the local names,
 * without {@code createdAt}. Updates are a full replace with {@code PUT} (the server keeps nothing the body
 * leaves out), a delete is answered 204 without a body, a deleted item is 410, a duplicate insert's 409 carries the
 * server's item, and an undelete is a {@code PUT} of the item with {@code deleted: false} that the server accepts
 * only with {@code __includedeleted=true}. Lists are {@code {items, count, nextLink}}: a {@code nextLink} (a query
 * string without {@code ?}, or an absolute URL on 6.x) only says that there is more, since following it pages by
 * {@code $skip} over a fixed filter, which skips rows when rows change between pages; {@code nextLink: null} ends
 * a short page's answer, while a full page's is null whatever follows ({@code $top} is used up). Filters are
 * OData v4 with {@code cast(…,Edm.DateTimeOffset)} dates. The server may keep updatedAt more precisely than it
 * sends (SQL Server), so pulls read by millisecond buckets.
 */
final class DatasyncProtocol extends WireProtocol {

    static final DatasyncProtocol INSTANCE = new DatasyncProtocol();

    private static final PageParser PAGES = new PageParser("items", false, Map.of());
    private static final String INCLUDE_DELETED = "__includedeleted";

    /** 128,000: the CommunityToolkit server's default largest {@code $top}; it answers at most its page size anyway. */
    private DatasyncProtocol() {
        super(ProtocolDialect.DATASYNC, Map.of("ZUMO-API-VERSION", "3.0.0"), 128_000, false,
                new ODataWriter(UnaryOperator.identity(),
                        instant -> "cast(" + Dates.format(instant) + ",Edm.DateTimeOffset)", true),
                new ListWords("$count", "true", INCLUDE_DELETED, "", Map.of()), null);
    }

    @Override
    public HttpCall update(String table, String id, ObjectNode body, String version) {
        return new HttpCall("PUT", itemPath(table, id), null, body, version);
    }

    @Override
    public HttpCall undelete(String table, String id, ObjectNode body) {
        ObjectNode undeleted = body.deepCopy().put(SystemColumns.DELETED, false);
        return new HttpCall("PUT", itemPath(table, id), Map.of(INCLUDE_DELETED, "true"), undeleted, null);
    }

    @Override
    public Page page(ObjectMapper mapper, InputStream body, HttpHeaders headers, String what,
                     Function<String, ColumnType> types) throws IOException {
        PageParser.Parsed parsed = PAGES.parse(mapper, body, what, types);
        // The server leaves nextLink null once $top is used up (a full page), more rows or not: only a page the
        // server cut short carries one. So a null nextLink says nothing about a full page.
        return new Page(parsed.items(), parsed.count(), parsed.hasNextLink() ? Page.Next.MORE : Page.Next.UNKNOWN,
                serverDate(headers, parsed));
    }

    @Override
    public boolean duplicateInsertCarriesServerItem() {
        return true;
    }
}

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
 * Azure Mobile Apps 2.0.0 (the Node and .NET Mobile Apps servers). Wire names are the local names; updates are
 * {@code PATCH} answered with the whole row; a list is a bare array or {@code {results, count}}; a full page may
 * carry a {@code Link: ...; rel=next} header whose URL the Node server gets wrong (no port, no table path), so it
 * is only a signal. A duplicate insert's 409 echoes the submitted item, not the server's.
 */
final class MobileAppsProtocol extends WireProtocol {

    static final MobileAppsProtocol INSTANCE = new MobileAppsProtocol();

    private static final PageParser PAGES = new PageParser("results", true, Map.of());

    private MobileAppsProtocol() {
        super(ProtocolDialect.MOBILE_APPS, Map.of("ZUMO-API-VERSION", "2.0.0"), 1000, true,
                new ODataWriter(UnaryOperator.identity(), instant -> "datetimeoffset'" + Dates.format(instant) + "'",
                        false),
                new ListWords("$inlinecount", "allpages", "__includeDeleted", "", Map.of()), null);
    }

    @Override
    public HttpCall update(String table, String id, ObjectNode body, String version) {
        return new HttpCall("PATCH", itemPath(table, id), null, body, version);
    }

    @Override
    public HttpCall undelete(String table, String id, ObjectNode body) {
        return new HttpCall("POST", itemPath(table, id), null, null, null);
    }

    @Override
    public Page page(ObjectMapper mapper, InputStream body, HttpHeaders headers, String what,
                     Function<String, ColumnType> types) throws IOException {
        PageParser.Parsed parsed = PAGES.parse(mapper, body, what, types);
        Page.Next next = parsed.hasNextLink() || linkNext(headers) ? Page.Next.MORE : Page.Next.UNKNOWN;
        return new Page(parsed.items(), parsed.count(), next, serverDate(headers, parsed));
    }

    @Override
    public boolean duplicateInsertCarriesServerItem() {
        return false;
    }
}

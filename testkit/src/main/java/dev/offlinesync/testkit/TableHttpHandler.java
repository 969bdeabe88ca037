package dev.offlinesync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers HTTP requests the way the Node server's Express routes do: API version check, routing of
 * {@code /tables/{table}[/{id}]}, body parsing, and the JSON, ETag and HTML-404 conventions of responses.
 */
final class TableHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(FakeTableService.class.getName());
    private static final Pattern API_VERSION = Pattern.compile("2\\.0\\.\\d+");
    private static final String VERSION_ERROR = "An invalid API version was specified in the request, this request"
            + " needs to specify a ZUMO-API-VERSION of 2.0.0.";

    private final FakeTableService service;

    TableHttpHandler(FakeTableService service) {
        this.service = service;
    }

    /** A response to write; {@code etag} null for none. */
    private record Reply(int status, String contentType, byte[] body, String etag, Map<String, String> headers) {
        /** A JSON body with the given strong ETag or, when it is null, Express' weak one. */
        static Reply json(int status, JsonNode body, String etag) {
            byte[] bytes = WireFormat.toBytes(body);
            return new Reply(status, WireFormat.JSON_CONTENT_TYPE, bytes,
                    etag != null ? etag : WireFormat.expressWeakEtag(bytes), Map.of());
        }

        static Reply of(FakeTable.Result result) {
            return json(result.status(), result.body(), result.etag());
        }

        static Reply error(int status, String message) {
            return json(status, WireFormat.error(message), null);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, etag, more);
        }

        static Reply notFoundPage(String method, String rawPath) {
            byte[] page = WireFormat.expressNotFoundPage(method, rawPath).getBytes(StandardCharsets.UTF_8);
            return new Reply(404, WireFormat.HTML_CONTENT_TYPE, page, null, Map.of());
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            RecordedRequest request = read(exchange);
            LOG.log(System.Logger.Level.DEBUG, () -> request.method() + " " + request.path() + " " + request.query());
            service.record(request);
            FakeResponse fault = service.injectedFault(request);
            if (fault == null) {
                send(exchange, route(exchange, request));
            } else if (!fault.isDisconnect()) {
                send(exchange, new Reply(fault.status(), fault.contentType(), fault.bodyBytes(), null, fault.headers()));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Fake table service: connection failed during an exchange", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Fake table service failed on a request; answering 500", e);
            sendUnexpectedFailure(exchange, e);
        } finally {
            exchange.close();
        }
    }

    private Reply route(HttpExchange exchange, RecordedRequest request) {
        String method = request.method();
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.equals("/tables") && !rawPath.startsWith("/tables/")) {
            return Reply.notFoundPage(method, rawPath);
        }
        String version = request.header("ZUMO-API-VERSION");
        if (version == null) {
            version = queryIgnoringCase(request.query(), "ZUMO-API-VERSION");
        }
        if (version == null || !API_VERSION.matcher(version).matches()) {
            return Reply.error(400, VERSION_ERROR);
        }
        String rest = rawPath.substring(Math.min(rawPath.length(), "/tables/".length()));
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] segments = rest.split("/", -1);
        if (rest.isEmpty() || segments.length > 2) {
            return Reply.notFoundPage(method, rawPath);
        }
        FakeTable table = service.table(Percent.decode(segments[0], false));
        if (table == null) {
            return Reply.notFoundPage(method, rawPath);
        }
        if (segments.length == 1) {
            return switch (method) {
                case "GET" -> list(table, request);
                case "POST" -> withBody(request, body -> table.insert(body, service::now));
                case "PATCH", "DELETE" -> Reply.error(405, "The fake table service does not support " + method
                        + " on a whole table; address one item: /tables/" + table.name() + "/{id}");
                default -> Reply.notFoundPage(method, rawPath);
            };
        }
        String id = Percent.decode(segments[1], false);
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
        String contentType = request.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!mediaType.equalsIgnoreCase("application/json") || request.body().isBlank()) {
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

    private static RecordedRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        return new RecordedRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                Percent.decode(rawPath, false), parseQuery(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = Percent.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : Percent.decode(pair.substring(eq + 1), true);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String queryIgnoringCase(Map<String, String> query, String name) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        reply.headers().forEach(headers::set);
        if (reply.contentType() != null) {
            headers.set("Content-Type", reply.contentType());
        }
        if (reply.etag() != null) {
            headers.set("ETag", reply.etag());
        }
        byte[] body = reply.body();
        boolean withBody = body.length > 0 && !exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(reply.status(), withBody ? body.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendUnexpectedFailure(HttpExchange exchange, RuntimeException failure) {
        if (exchange.getResponseCode() != -1) {
            return; // headers are out: the exchange is closed in handle(), which is all that is left to do
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        try {
            send(exchange, Reply.error(500, message));
        } catch (IOException e) {
            e.addSuppressed(failure);
            LOG.log(System.Logger.Level.DEBUG, "Fake table service: could not send a 500", e);
        }
    }

    /** Lenient percent-decoding: invalid escapes stay as they are, as Express' decoders do. */
    static final class Percent {
        private Percent() {
        }

        static String decode(String text, boolean plusIsSpace) {
            if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
                return text;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < raw.length; i++) {
                byte b = raw[i];
                if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                    bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                    i += 2;
                } else if (b == '+' && plusIsSpace) {
                    bytes.write(' ');
                } else {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Percent-encodes every byte but the unreserved ones, as the server's query string writer does. */
        static String encode(String text) {
            StringBuilder out = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.!~*'()".indexOf(c) >= 0)) {
                    out.append(c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            return out.toString();
        }

        private static int hex(byte b) {
            return Character.digit((char) b, 16);
        }
    }
}

package dev.offlinesync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP plumbing of the fake, the same for every dialect: reads and records each request, applies the fault
 * rules, splits {@code /tables/{table}[/{id}]} paths, hands the request to the service's
 * {@link DialectHandler} and writes its {@link Reply}.
 */
final class TableHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(FakeTableService.class.getName());

    private final FakeTableService service;
    private final DialectHandler dialect;
    private final FaultRules faults;

    TableHttpHandler(FakeTableService service, DialectHandler dialect, FaultRules faults) {
        this.service = service;
        this.dialect = dialect;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            RecordedRequest request = read(exchange);
            LOG.log(System.Logger.Level.DEBUG, () -> request.method() + " " + request.path() + " " + request.query());
            faults.record(request);
            FakeResponse fault = faults.answer(request);
            if (fault == null) {
                send(exchange, dialect.answer(route(exchange.getRequestURI().getRawPath()), request));
            } else if (!fault.isDisconnect()) {
                send(exchange,
                        new Reply(fault.status(), fault.contentType(), fault.bodyBytes(), null, fault.headers()));
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

    private DialectHandler.Route route(String rawPath) {
        if (!rawPath.startsWith("/tables/")) {
            return new DialectHandler.Route(rawPath, false, null, null, null);
        }
        String rest = rawPath.substring("/tables/".length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] segments = rest.split("/", -1);
        if (rest.isEmpty() || segments.length > 2) {
            return new DialectHandler.Route(rawPath, false, null, null, null);
        }
        String tableName = Percent.decode(segments[0], false);
        String id = segments.length == 2 ? Percent.decode(segments[1], false) : null;
        return new DialectHandler.Route(rawPath, true, tableName, service.table(tableName), id);
    }

    /** Whether the request says its body is {@code application/json} (parameters such as charset aside). */
    static boolean isJson(RecordedRequest request) {
        String contentType = request.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        return mediaType.equalsIgnoreCase("application/json");
    }

    static String queryIgnoringCase(Map<String, String> query, String name) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
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

    private void sendUnexpectedFailure(HttpExchange exchange, RuntimeException failure) {
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
}

package dev.offlinesync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lean in-process table service on 127.0.0.1 speaking the Mobile Apps 2.0.0 wire as the library uses it:
 * {@code GET /tables/T} with the keyset filter {@code (updatedAt gt X) or ((updatedAt eq X) and (id gt 'Y'))},
 * {@code $orderby=updatedAt,id}, {@code $top} and {@code __includeDeleted}; {@code POST /tables/T},
 * {@code PATCH} and {@code DELETE /tables/T/{id}}; the {@code ZUMO-API-VERSION} header is required. A page is a
 * seek in an ordered table and a copy of rendered rows, so the server costs little next to the client it
 * serves (the testkit's fake evaluates every filter on every row and hashes each body for its ETag).
 */
final class PageServer implements AutoCloseable {

    private static final Pattern CURSOR = Pattern.compile("\\(updatedAt gt datetimeoffset'([^']+)'\\) or"
            + " \\(\\(updatedAt eq datetimeoffset'([^']+)'\\) and \\(id gt '((?:[^']|'')*)'\\)\\)");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] OPEN = {'['};
    private static final byte[] COMMA = {','};
    private static final byte[] CLOSE = {']'};

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, ServerTable> tables = new ConcurrentHashMap<>();

    private PageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static PageServer start() throws IOException {
        // Read once when the JDK's server class loads: without it, small answers wait for delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "page-server");
            thread.setDaemon(true);
            return thread;
        });
        PageServer pages = new PageServer(server, executor);
        server.createContext("/tables/", pages::handle);
        server.setExecutor(executor);
        server.start();
        return pages;
    }

    /** Creates (or replaces) a table with {@code rows} generated rows. */
    ServerTable define(String name, WireRows.Ids ids, int rows) {
        ServerTable table = new ServerTable(ids, rows);
        tables.put(name, table);
        return table;
    }

    ServerTable table(String name) {
        return tables.computeIfAbsent(name, n -> new ServerTable(WireRows.Ids.RANDOM, 0));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"2.0.0".equals(exchange.getRequestHeaders().getFirst("ZUMO-API-VERSION"))) {
                reply(exchange, 400, "{\"error\":\"ZUMO-API-VERSION 2.0.0 is required\"}");
                return;
            }
            String[] path = exchange.getRequestURI().getRawPath().substring("/tables/".length()).split("/");
            ServerTable table = tables.get(decode(path[0]));
            if (table == null) {
                reply(exchange, 404, "{\"error\":\"no such table\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            if (path.length == 1 && method.equals("GET")) {
                list(exchange, table);
            } else if (path.length == 1 && method.equals("POST")) {
                reply(exchange, table.insert(body(exchange)));
            } else if (path.length == 2 && (method.equals("PATCH") || method.equals("DELETE"))) {
                String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
                boolean delete = method.equals("DELETE");
                reply(exchange, table.update(decode(path[1]), delete ? null : body(exchange), ifMatch, delete));
            } else {
                reply(exchange, 405, "{\"error\":\"not supported here\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void list(HttpExchange exchange, ServerTable table) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String orderBy = query.get("$orderby");
        if (orderBy != null && !orderBy.replace(" ", "").equals("updatedAt,id")) {
            reply(exchange, 400, "{\"error\":\"only $orderby=updatedAt,id is served here\"}");
            return;
        }
        int top = query.containsKey("$top") ? Integer.parseInt(query.get("$top")) : 50;
        if (top < 0 || top > 1000) {
            reply(exchange, 400, "{\"error\":\"The value of the $top query option cannot exceed 1000.\"}");
            return;
        }
        String filter = query.get("$filter");
        long afterUpdatedAt = 0;
        String afterId = null;
        if (filter != null) {
            Matcher cursor = CURSOR.matcher(filter);
            if (!cursor.matches() || !cursor.group(1).equals(cursor.group(2))) {
                reply(exchange, 400, "{\"error\":\"only the keyset cursor filter is served here\"}");
                return;
            }
            afterUpdatedAt = Instant.parse(cursor.group(1)).toEpochMilli();
            afterId = cursor.group(3).replace("''", "'");
        }
        List<byte[]> rows = table.page(afterUpdatedAt, afterId, top, query.containsKey("__includeDeleted"));
        long length = 2 + Math.max(0, rows.size() - 1);
        for (byte[] row : rows) {
            length += row.length;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, length);
        OutputStream out = exchange.getResponseBody();
        out.write(OPEN);
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.write(COMMA);
            }
            out.write(rows.get(i));
        }
        out.write(CLOSE);
    }

    private static ObjectNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                query.put(decode(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : decode(part.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, ServerTable.Result result) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(result.status(), result.body().length);
        exchange.getResponseBody().write(result.body());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        reply(exchange, new ServerTable.Result(status, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

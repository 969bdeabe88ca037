package dev.offlinesync.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The table endpoints of one service: insert, update, delete, get and list, with the dialect's headers,
 * authentication, retries and error mapping. Thread-safe.
 */
public final class TableClient {

    private static final System.Logger LOG = System.getLogger(TableClient.class.getName());
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final HttpSettings settings;
    private final WireDialect dialect;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public TableClient(HttpSettings settings, WireDialect dialect, ObjectMapper mapper) {
        this.settings = settings;
        this.dialect = dialect;
        this.mapper = mapper;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout());
        if ("http".equalsIgnoreCase(settings.baseUri().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        this.http = builder.build();
    }

    public WireDialect dialect() {
        return dialect;
    }

    /** POST the item; the server's item. */
    public ObjectNode insert(String table, ObjectNode item) {
        return item(send("POST", tablePath(table), null, item, null), "POST /tables/" + table);
    }

    /** PATCH (or the dialect's update) the item, with {@code If-Match} when a version is known. */
    public ObjectNode update(String table, String id, ObjectNode item, String version) {
        String what = dialect.updateMethod() + " /tables/" + table + "/" + id;
        return item(send(dialect.updateMethod(), itemPath(table, id), null, item, version), what);
    }

    /** DELETE the item; the server's (soft-deleted) item, or {@code null} when the server had no such item. */
    public ObjectNode delete(String table, String id, String version) {
        try {
            Response response = send("DELETE", itemPath(table, id), null, null, version);
            return response.body.length == 0 ? null : item(response, "DELETE /tables/" + table + "/" + id);
        } catch (HttpStatusException e) {
            if (e.status() == dialect.deletedStatus() && !(e instanceof ConflictException)
                    && !(e instanceof NoSuchTableException)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Brings back a soft-deleted item ({@code POST /tables/{table}/{id}}); the server's item, or {@code null} when
     * the server has no such item at all (removed for good, or a table without soft delete).
     */
    public ObjectNode undelete(String table, String id) {
        try {
            return item(send("POST", itemPath(table, id), null, null, null), "POST /tables/" + table + "/" + id);
        } catch (HttpStatusException e) {
            if ((e.status() == 404 || e.status() == 410) && !(e instanceof NoSuchTableException)) {
                return null;
            }
            throw e;
        }
    }

    /** GET one item, or {@code null} when the server has none with this id. */
    public ObjectNode get(String table, String id) {
        try {
            return item(send("GET", itemPath(table, id), null, null, null), "GET /tables/" + table + "/" + id);
        } catch (HttpStatusException e) {
            if ((e.status() == 404 || e.status() == 410) && !(e instanceof NoSuchTableException)) {
                return null;
            }
            throw e;
        }
    }

    /** GET one page of a list, parsed as a stream. */
    public Page list(String table, Map<String, String> parameters) {
        String what = "GET /tables/" + table;
        HttpResponse<InputStream> response = exchange("GET", tablePath(table), parameters, null, null);
        try (InputStream body = guard(response)) {
            boolean linkNext = response.headers().allValues("Link").stream().anyMatch(TableClient::isRelNext);
            return PageParser.parse(mapper, body, what).withHeaders(linkNext, dateHeader(response));
        } catch (GuardedInputStream.Stalled e) {
            throw stalled(what, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + what + " is larger than "
                    + settings.maxResponseBytes() + " bytes: lower the pull page size", e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON ("
                    + e.getOriginalMessage() + "): nothing of it was applied", e);
        } catch (IOException e) {
            throw new TransportException("The connection failed while reading the answer to " + what
                    + ": nothing of it was applied; pull again to resume", e);
        }
    }

    private static java.time.Instant dateHeader(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Date")
                    .map(d -> java.time.Instant.from(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(d)))
                    .orElse(null);
        } catch (java.time.DateTimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unreadable Date header", e);
            return null;
        }
    }

    private static boolean isRelNext(String link) {
        return link.toLowerCase(java.util.Locale.ROOT).replace(" ", "").matches(".*;rel=\"?next\"?.*");
    }

    private ObjectNode item(Response response, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(response.body);
        } catch (IOException e) {
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON: "
                    + abbreviate(new String(response.body, StandardCharsets.UTF_8)), e);
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("The server's answer to " + what + " is not a JSON object: "
                    + abbreviate(new String(response.body, StandardCharsets.UTF_8)));
        }
        ObjectNode item = (ObjectNode) node;
        if (!item.path("id").isTextual() || item.path("id").textValue().isEmpty()) {
            throw new ProtocolException("The server's answer to " + what + " has no string 'id'");
        }
        return item;
    }

    private record Response(int status, byte[] body) {
    }

    private Response send(String method, String path, Map<String, String> parameters, ObjectNode body,
                          String version) {
        HttpResponse<InputStream> response = exchange(method, path, parameters, body, version);
        try (InputStream in = guard(response)) {
            return new Response(response.statusCode(), in.readAllBytes());
        } catch (GuardedInputStream.Stalled e) {
            throw stalled(method + " " + path, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + method + " " + path + " is larger than "
                    + settings.maxResponseBytes() + " bytes", e);
        } catch (IOException e) {
            throw new TransportException("The connection failed while reading the answer to " + method + " " + path
                    + ": try again when the network is back", e);
        }
    }

    private InputStream guard(HttpResponse<InputStream> response) {
        return new GuardedInputStream(response.body(), settings.maxResponseBytes(), settings.requestTimeout());
    }

    private TransportException stalled(String what, GuardedInputStream.Stalled e) {
        return new TransportException("The answer to " + what + " stopped arriving for longer than the request"
                + " timeout (" + settings.requestTimeout() + "): nothing of it was applied; try again", e);
    }

    /** Sends with retries; returns a 2xx response whose body is still to be read, or throws. */
    private HttpResponse<InputStream> exchange(String method, String path, Map<String, String> parameters,
                                               ObjectNode body, String version) {
        HttpRequest request = request(method, path, parameters, body, version);
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= settings.maxRetries();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                if (last) {
                    throw new TransportException("No answer to " + method + " " + path + " within "
                            + settings.requestTimeout() + ": try again later, or raise requestTimeout", e);
                }
                backoff(attempt, method, path, e.toString());
                continue;
            } catch (IOException e) {
                if (last) {
                    throw new TransportException("Cannot reach " + settings.baseUri() + " for " + method + " " + path
                            + " (" + e + "): check the network and the service URI; queued changes are kept", e);
                }
                backoff(attempt, method, path, e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for " + method + " " + path, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String errorBody = readError(response);
            if (status >= 500 && !last) {
                backoff(attempt, method, path, "status " + status);
                continue;
            }
            throw statusException(method, path, status, errorBody, response);
        }
    }

    private HttpStatusException statusException(String method, String path, int status, String body,
                                                HttpResponse<InputStream> response) {
        String what = method + " " + path;
        boolean html = response.headers().firstValue("Content-Type").orElse("").contains("html");
        if (status == 401 || status == 403) {
            return new HttpStatusException("The server refused the credentials (" + status + ") for " + what
                    + ": sign in again or refresh the token", status, body);
        }
        if (status == 404 && html) {
            return new NoSuchTableException("The server has no table at " + path.replaceFirst("^(tables/[^/]+).*", "$1")
                    + " (404 with an HTML page for " + what + "): check the table name and that the server defines"
                    + " it", status, body);
        }
        if (status == 409 || status == 412) {
            ObjectNode serverItem = serverItem(body);
            return new ConflictException("The server's version of the item differs from the client's (" + status
                    + " for " + what + "): resolve the conflict, e.g. retry with the server's version or take the"
                    + " server's item", status, body, serverItem);
        }
        return new HttpStatusException("The server answered " + status + " for " + what + ": "
                + errorMessage(body), status, body);
    }

    private ObjectNode serverItem(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() && node.path("id").isTextual() ? (ObjectNode) node : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "conflict body is not JSON", e);
            return null;
        }
    }

    private String errorMessage(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                return node.path("error").textValue();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error body is not JSON", e);
        }
        return body.isEmpty() ? "(no body)" : abbreviate(body);
    }

    private static String readError(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(ERROR_BODY_LIMIT);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(body unreadable: " + e + ")";
        }
    }

    private void backoff(int attempt, String method, String path, String why) {
        long millis = settings.retryBackoff().toMillis() << Math.min(attempt, 10);
        LOG.log(System.Logger.Level.DEBUG, "retrying {0} {1} in {2} ms after {3}", method, path, millis, why);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting to retry " + method + " " + path, e);
        }
    }

    private HttpRequest request(String method, String path, Map<String, String> parameters, ObjectNode body,
                                String version) {
        StringBuilder uri = new StringBuilder(settings.baseUri().toString()).append(path);
        if (parameters != null && !parameters.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
            uri.append(query);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(settings.requestTimeout())
                .header("ZUMO-API-VERSION", dialect.apiVersion())
                .header("Accept", "application/json");
        settings.headers().forEach(builder::header);
        token(settings.zumoToken()).ifPresent(t -> builder.header("X-ZUMO-AUTH", t));
        token(settings.bearerToken()).ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        if (version != null) {
            builder.header("If-Match", "\"" + version + "\"");
        }
        if (body != null) {
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new ProtocolException("Cannot write the item as JSON: " + e.getOriginalMessage(), e);
            }
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static java.util.Optional<String> token(java.util.function.Supplier<String> supplier) {
        if (supplier == null) {
            return java.util.Optional.empty();
        }
        String token = supplier.get();
        return token == null || token.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(token);
    }

    private static String tablePath(String table) {
        return "tables/" + encode(table);
    }

    private static String itemPath(String table, String id) {
        return tablePath(table) + "/" + encode(id);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}

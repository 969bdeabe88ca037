package dev.offlinesync.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Authenticator;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.NoSuchTableException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.SyncException;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

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
    private final StatusErrors errors;
    private final SyncEventListener events;

    /** A client that reports each request attempt to {@code events}. */
    public TableClient(HttpSettings settings, WireDialect dialect, ObjectMapper mapper, SyncEventListener events) {
        this.events = events;
        this.settings = settings;
        this.dialect = dialect;
        this.mapper = mapper;
        this.http = settings.client();
        this.errors = new StatusErrors(mapper);
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
        return itemOrNull("POST", table, id);
    }

    /** GET one item, or {@code null} when the server has none with this id. */
    public ObjectNode get(String table, String id) {
        return itemOrNull("GET", table, id);
    }

    /** A body-less request on an item's route; {@code null} when the server has no such item (404/410). */
    private ObjectNode itemOrNull(String method, String table, String id) {
        try {
            return item(send(method, itemPath(table, id), null, null, null), method + " /tables/" + table + "/" + id);
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
        } catch (GuardedInputStream.DeadlineExceeded e) {
            throw late(what, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + what + " is larger than "
                    + settings.maxResponseBytes() + " bytes: lower the pull page size", e);
        } catch (JsonProcessingException e) {
            // The parser's own message can quote the offending text, which may be item contents: say where only.
            String where = e.getLocation() == null ? ""
                    : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON" + where
                    + ": nothing of it was applied; check the service URI and that it is a table service", e);
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
        if (response.body.length == 0) {
            throw new ProtocolException("The server answered " + response.status + " with no body to " + what
                    + ": the client needs the server's copy of the item (its version) to finish the operation, so it"
                    + " stays queued and the next push sends it again; make the server answer with the item");
        }
        JsonNode node;
        try {
            node = mapper.readTree(response.body);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the answer to {0} is not JSON: {1}", what,
                    new String(response.body, StandardCharsets.UTF_8));
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON (" + response.body.length
                    + " bytes; logged at DEBUG): nothing of it was applied; check the service URI points at the table"
                    + " service", e);
        }
        if (node == null || !node.isObject()) {
            LOG.log(System.Logger.Level.DEBUG, "the answer to {0} is not an object: {1}", what,
                    new String(response.body, StandardCharsets.UTF_8));
            throw new ProtocolException("The server's answer to " + what + " is JSON but not an object (logged at"
                    + " DEBUG): nothing of it was applied; check the server's table configuration");
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
        String what = method + " " + path;
        HttpResponse<InputStream> response = exchange(method, path, parameters, body, version);
        try (InputStream in = guard(response)) {
            return new Response(response.statusCode(), in.readAllBytes());
        } catch (GuardedInputStream.Stalled e) {
            throw stalled(what, e);
        } catch (GuardedInputStream.DeadlineExceeded e) {
            throw late(what, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + what + " is larger than "
                    + settings.maxResponseBytes() + " bytes", e);
        } catch (IOException e) {
            throw new TransportException("The connection failed while reading the answer to " + what
                    + ": try again when the network is back", e);
        }
    }

    private InputStream guard(HttpResponse<InputStream> response) {
        return new GuardedInputStream(response.body(), settings.maxResponseBytes(), settings.requestTimeout(),
                settings.responseDeadline());
    }

    private TransportException stalled(String what, GuardedInputStream.Stalled e) {
        return new TransportException("The answer to " + what + " stopped arriving for longer than the request"
                + " timeout (" + settings.requestTimeout() + "): nothing of it was applied; try again", e);
    }

    private TransportException late(String what, GuardedInputStream.DeadlineExceeded e) {
        return new TransportException("The answer to " + what + " was still arriving when the response deadline ("
                + settings.responseDeadline() + ") passed, so it was cut: nothing of it was applied; try again on a"
                + " better connection, pull smaller pages, or raise responseDeadline", e);
    }

    /**
     * Sends with retries; returns a 2xx response whose body is still to be read, or throws. Each attempt builds
     * the request anew, so the token suppliers are asked again (a token may have been refreshed meanwhile).
     */
    private HttpResponse<InputStream> exchange(String method, String path, Map<String, String> parameters,
                                               ObjectNode body, String version) {
        String what = method + " " + path;
        URI uri = uri(path, parameters);
        byte[] bytes = body == null ? null : json(body);
        RetryPolicy policy = settings.retryPolicy();
        Map<String, String> refreshedHeaders = Map.of();
        boolean askedAuthenticator = false;
        boolean refreshed = false;
        RequestEvents attempts = new RequestEvents(events, method, path, bytes);
        for (int retry = 0; ; retry++) {
            boolean last = retry >= policy.maxRetries();
            HttpResponse<InputStream> response;
            attempts.start();
            try {
                response = http.send(request(method, uri, bytes, version, refreshedHeaders),
                        HttpResponse.BodyHandlers.ofInputStream());
                attempts.answered(response);
            } catch (HttpTimeoutException e) {
                attempts.failed();
                if (last) {
                    throw new TransportException("No answer to " + what + " within " + settings.requestTimeout()
                            + retries(retry) + ": try again later, or raise requestTimeout", e);
                }
                attempts.pause(RequestEvents.jittered(policy, retry), what, e.toString());
                continue;
            } catch (IOException e) {
                attempts.failed();
                if (last) {
                    throw new TransportException("Cannot reach " + settings.baseUri() + " for " + what + retries(retry)
                            + " (" + e + "): check the network and the service URI; queued changes are kept", e);
                }
                attempts.pause(RequestEvents.jittered(policy, retry), what, e.toString());
                continue;
            } catch (InterruptedException e) {
                attempts.failed();
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for " + what, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String errorBody = readError(response, what);
            if (status == 401 && !askedAuthenticator) {
                askedAuthenticator = true;
                Map<String, String> headers = authenticate(method, path, errorBody, response);
                if (headers != null) {
                    refreshed = true;
                    refreshedHeaders = headers;
                    retry--; // the retry after a refresh is not one of the policy's retries
                    continue;
                }
            }
            if (status >= 500 || status == 429 || status == 408) {
                Optional<Duration> asked = status == 429 || status == 503
                        ? RetryAfter.of(response.headers(), Instant.now()) : Optional.empty();
                if (asked.isPresent() && asked.get().compareTo(policy.maxDelay()) > 0) {
                    throw errors.retryLater(method, path, status, errorBody, asked.get(),
                            Instant.now().plus(asked.get()).truncatedTo(ChronoUnit.SECONDS), policy.maxDelay());
                }
                if (!last) {
                    attempts.pause(asked.isPresent() ? asked.get() : RequestEvents.jittered(policy, retry), what,
                            "status " + status);
                    continue;
                }
            }
            throw errors.of(method, path, status, errorBody, response.headers(), retry, refreshed);
        }
    }

    private Map<String, String> authenticate(String method, String path, String errorBody,
                                             HttpResponse<InputStream> response) {
        Authenticator.Challenge challenge = new Authenticator.Challenge(401, method, path,
                response.headers().firstValue("WWW-Authenticate").orElse(""));
        LOG.log(System.Logger.Level.DEBUG, "401 for {0} {1}; asking the authenticator to refresh", method, path);
        try {
            Map<String, String> headers = settings.authenticator().authenticate(challenge);
            return headers == null ? null : Map.copyOf(headers);
        } catch (RuntimeException e) {
            HttpStatusException failure = new HttpStatusException("The server refused the credentials (401) for "
                    + method + " " + path + " and the authenticator failed to refresh them (" + e.getClass().getName()
                    + "): sign in again", 401, errorBody);
            failure.initCause(e);
            throw failure;
        }
    }

    private static String retries(int retries) {
        return retries == 0 ? "" : " (after " + retries + (retries == 1 ? " retry)" : " retries)");
    }

    private String readError(HttpResponse<InputStream> response, String what) {
        String text;
        try (InputStream in = new GuardedInputStream(response.body(), Long.MAX_VALUE, settings.requestTimeout(),
                settings.responseDeadline())) {
            text = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the error body of the answer to " + what + " is unreadable", e);
            return "(body unreadable: " + e.getMessage() + ")";
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} answered {1}: {2}", what, response.statusCode(), text);
        return text;
    }

    private URI uri(String path, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(settings.baseUri().toString()).append(path);
        if (parameters != null && !parameters.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
            uri.append(query);
        }
        return URI.create(uri.toString());
    }

    private byte[] json(ObjectNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("Cannot write the item as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private HttpRequest request(String method, URI uri, byte[] body, String version, Map<String, String> refreshed) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("ZUMO-API-VERSION", dialect.apiVersion())
                .header("Accept", "application/json");
        if (settings.cleartext()) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        settings.headers().forEach(builder::header);
        token(settings.zumoToken()).ifPresent(t -> builder.setHeader("X-ZUMO-AUTH", t));
        token(settings.bearerToken()).ifPresent(t -> builder.setHeader("Authorization", "Bearer " + t));
        try {
            refreshed.forEach(builder::setHeader);
        } catch (IllegalArgumentException e) {
            throw new SyncException("The authenticator returned a header the client cannot send ("
                    + e.getMessage() + "): return only ordinary headers such as Authorization", e);
        }
        if (version != null) {
            builder.header("If-Match", "\"" + version + "\"");
        }
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static Optional<String> token(Supplier<String> supplier) {
        if (supplier == null) {
            return Optional.empty();
        }
        String token = supplier.get();
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
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
}

package dev.offlinesync.compat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plain HTTP/1.1 calls to a table service's {@code /tables} endpoints, with {@code ZUMO-API-VERSION: 2.0.0} and
 * nothing of the library: what another app (or a curl user) would send. Scenarios use it to change and read the
 * server behind the devices' backs; the protocol exchanges use it for everything.
 */
final class RawTables {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI service;

    RawTables(URI service) {
        this.service = service;
    }

    /** A response: status, headers and body text. */
    record Exchange(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        /** The body as JSON; fails the test when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (status " + status + "): " + response.body(), e);
            }
        }

        /** The body as a JSON object. */
        ObjectNode item() {
            JsonNode node = json();
            if (!(node instanceof ObjectNode object)) {
                throw new AssertionError("not a JSON object (status " + status + "): " + response.body());
            }
            return object;
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    Exchange insert(String table, ObjectNode item) {
        return send("POST", "tables/" + table, item);
    }

    Exchange get(String table, String id) {
        return send("GET", "tables/" + table + "/" + encode(id), null);
    }

    /** PATCH with {@code If-Match: "version"} ({@code null}: without). */
    Exchange patch(String table, String id, ObjectNode changes, String ifMatchVersion) {
        return ifMatchVersion == null ? send("PATCH", "tables/" + table + "/" + encode(id), changes)
                : send("PATCH", "tables/" + table + "/" + encode(id), changes, "If-Match", quoted(ifMatchVersion));
    }

    /** DELETE with {@code If-Match: "version"} ({@code null}: without). */
    Exchange delete(String table, String id, String ifMatchVersion) {
        return ifMatchVersion == null ? send("DELETE", "tables/" + table + "/" + encode(id), null)
                : send("DELETE", "tables/" + table + "/" + encode(id), null, "If-Match", quoted(ifMatchVersion));
    }

    /** GET a list with these query parameters (names and values unencoded, in order). */
    Exchange list(String table, Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "");
        query.setEmptyValue("");
        parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return send("GET", "tables/" + table + query, null);
    }

    /** The server's current item, which must exist and not be deleted. */
    ObjectNode item(String table, String id) {
        Exchange read = get(table, id);
        if (read.status() != 200) {
            throw new AssertionError("GET " + table + "/" + id + " answered " + read);
        }
        return read.item();
    }

    /** Sends a request; {@code headers} are name, value pairs. */
    Exchange send(String method, String path, JsonNode body, String... headers) {
        return send("2.0.0", method, path, body, headers);
    }

    /** Sends a request with another {@code ZUMO-API-VERSION} ({@code null}: without the header). */
    Exchange send(String apiVersion, String method, String path, JsonNode body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(URI.create(path)))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (apiVersion != null) {
            request.header("ZUMO-API-VERSION", apiVersion);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Exchange(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + service.resolve(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    /**
     * The server's item: present after a 200, empty after a 404 (no such item, or deleted).
     *
     * @throws IOException when the server could not be asked (or answered something else)
     */
    Optional<ObjectNode> find(String table, String id) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(URI.create("tables/" + table + "/" + encode(id))))
                .timeout(Duration.ofSeconds(10)).header("ZUMO-API-VERSION", "2.0.0").GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Exchange exchange = new Exchange(response.statusCode(), response);
            if (exchange.status() == 404) {
                return Optional.empty();
            }
            if (exchange.status() != 200) {
                throw new IOException("GET " + table + "/" + id + " answered " + exchange);
            }
            return Optional.of(exchange.item());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during GET " + table + "/" + id, e);
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quoted(String version) {
        return "\"" + version + "\"";
    }
}

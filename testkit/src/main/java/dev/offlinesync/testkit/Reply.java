package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response of the fake to write: status, content type ({@code null} with no body), body, ETag ({@code null}
 * for none) and extra headers. Immutable.
 */
record Reply(int status, String contentType, byte[] body, String etag, Map<String, String> headers) {

    /** A JSON body with the given strong ETag or, when it is null, Express' weak one (the Node server). */
    static Reply json(int status, JsonNode body, String etag) {
        byte[] bytes = WireFormat.toBytes(body);
        return new Reply(status, WireFormat.JSON_CONTENT_TYPE, bytes,
                etag != null ? etag : WireFormat.expressWeakEtag(bytes), Map.of());
    }

    /** An operation's result as the Node server answers it. */
    static Reply of(FakeTable.Result result) {
        return json(result.status(), result.body(), result.etag());
    }

    /** {@code {"error": message}} as the Node server writes its errors. */
    static Reply error(int status, String message) {
        return json(status, WireFormat.error(message), null);
    }

    /** Express' HTML 404 page. */
    static Reply notFoundPage(String method, String rawPath) {
        byte[] page = WireFormat.expressNotFoundPage(method, rawPath).getBytes(StandardCharsets.UTF_8);
        return new Reply(404, WireFormat.HTML_CONTENT_TYPE, page, null, Map.of());
    }

    /** A JSON body and no ETag unless one is added. */
    static Reply entity(int status, JsonNode body) {
        return new Reply(status, WireFormat.JSON_CONTENT_TYPE, WireFormat.toBytes(body), null, Map.of());
    }

    /** A bare status: no body, no content type. */
    static Reply status(int status) {
        return new Reply(status, null, new byte[0], null, Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null, Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, etag, more);
    }

    Reply withEtag(String value) {
        return new Reply(status, contentType, body, value, headers);
    }
}

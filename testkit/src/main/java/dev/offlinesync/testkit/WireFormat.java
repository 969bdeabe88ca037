package dev.offlinesync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * How the Node server writes things on the wire: dates, versions, error bodies, Express' weak ETags and its
 * HTML 404 page. Stateless; thread-safe.
 */
final class WireFormat {

    static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
    static final String HTML_CONTENT_TYPE = "text/html; charset=utf-8";

    /** The one mapper of the fake: compact output, trailing garbage in a body is an error. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private WireFormat() {
    }

    /** {@code 2026-11-23T23:05:13.261Z}: UTC, exactly three fraction digits. */
    static String formatInstant(Instant instant) {
        return MILLIS_UTC.format(instant);
    }

    /** The version string of a row counter: base64 of the decimal counter ({@code 1 -> "MQ=="}). */
    static String version(long counter) {
        return Base64.getEncoder().encodeToString(Long.toString(counter).getBytes(StandardCharsets.US_ASCII));
    }

    /** The strong ETag the server sets on single-item responses: the version in double quotes. */
    static String strongEtag(String version) {
        return '"' + version + '"';
    }

    /**
     * The version a client meant in an {@code If-Match} header: without the quotes and a weak prefix, as the
     * server reads it. {@code null} when the header is absent or blank.
     */
    static String versionFromIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** {@code {"error": message}}. */
    static ObjectNode error(String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", message);
        return node;
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /**
     * The weak ETag Express puts on every body it sends without an explicit ETag (lists and errors):
     * {@code W/"<byte length in hex>-<first 27 chars of base64 SHA-1>"}. Clients must not mistake it for a
     * row version.
     */
    static String expressWeakEtag(byte[] body) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(body);
            String hash = Base64.getEncoder().encodeToString(sha1).substring(0, 27);
            return "W/\"" + Integer.toHexString(body.length) + '-' + hash + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** Express' default 404 page for a route nobody handles ({@code Cannot GET /tables/NoSuchTable}). */
    static String expressNotFoundPage(String method, String rawPath) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"
                + "</head>\n<body>\n<pre>Cannot " + escapeHtml(method) + ' ' + escapeHtml(rawPath)
                + "</pre>\n</body>\n</html>\n";
    }

    private static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.offlinesync.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A canned answer that a fault rule or an {@linkplain FakeTableService#intercept interceptor} gives instead of
 * the table service: a status with a body, or a dropped connection (the client sees an I/O error).
 * Immutable.
 */
public final class FakeResponse {

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;

    private FakeResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = headers;
    }

    /**
     * {@code {"error": message}} with the given status, as the server writes its errors.
     *
     * @param status  the HTTP status
     * @param message the error's text
     * @return the response
     */
    public static FakeResponse error(int status, String message) {
        return json(status, new String(WireFormat.toBytes(WireFormat.error(message)), StandardCharsets.UTF_8));
    }

    /**
     * A JSON body, sent as is (it need not be valid JSON: useful to test a client's parser).
     *
     * @param status the HTTP status
     * @param body   the body
     * @return the response
     */
    public static FakeResponse json(int status, String body) {
        return of(status, WireFormat.JSON_CONTENT_TYPE, body, Map.of());
    }

    /**
     * Any status, content type, body and extra headers ({@code Retry-After}, say).
     *
     * @param status      the HTTP status
     * @param contentType the Content-Type
     * @param body        the body
     * @param headers     extra headers
     * @return the response
     */
    public static FakeResponse of(int status, String contentType, String body, Map<String, String> headers) {
        return new FakeResponse(requireStatus(status), Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), Map.copyOf(headers));
    }

    static int requireStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        return status;
    }

    /**
     * {@return a response that closes the connection without answering: the client sees a network failure}
     */
    public static FakeResponse disconnect() {
        return new FakeResponse(0, null, new byte[0], Map.of());
    }

    /** {@return whether this drops the connection instead of answering} */
    public boolean isDisconnect() {
        return status == 0;
    }

    /** {@return the HTTP status; 0 for {@link #disconnect()}} */
    public int status() {
        return status;
    }

    /** {@return the Content-Type header; {@code null} for {@link #disconnect()}} */
    public String contentType() {
        return contentType;
    }

    /** {@return the body as UTF-8 text} */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@return extra response headers} */
    public Map<String, String> headers() {
        return headers;
    }

    byte[] bodyBytes() {
        return body.clone();
    }

    @Override
    public String toString() {
        return isDisconnect() ? "FakeResponse[disconnect]" : "FakeResponse[" + status + ", " + body() + "]";
    }
}

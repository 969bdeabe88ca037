package dev.offlinesync;

/**
 * The server answered with an error status, after the retries its status allows. Carries the status and the body as
 * text (possibly truncated). What to do depends on the status, and the message says it: a redirect (3xx, not
 * followed) means the service URI is wrong; 401 or 403, that credentials are missing, expired or not enough (give
 * a token or an {@link Authenticator}); 408, 429 and 5xx, that the server is busy or failing (try again later; a
 * {@code Retry-After} longer than the retry policy's maximum delay is named). Queued operations are kept.
 */
public class HttpStatusException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status code. */
    private final int status;
    /** The response body as text, possibly truncated; empty when there was none. */
    private final String body;

    /**
     * The server answered with this error status.
     *
     * @param message what happened and what to do
     * @param status  the HTTP status
     * @param body    the response body as text, or {@code null}
     */
    public HttpStatusException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body == null ? "" : body;
    }

    /** {@return the HTTP status code} */
    public int status() {
        return status;
    }

    /** {@return the response body as text; empty when there was none} */
    public String body() {
        return body;
    }
}

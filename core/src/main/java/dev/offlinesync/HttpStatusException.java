package dev.offlinesync;

/**
 * The server answered with an error status. Carries the status and the body as text (possibly truncated).
 */
public class HttpStatusException extends SyncException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    public HttpStatusException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body == null ? "" : body;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The response body as text; empty when there was none. */
    public String body() {
        return body;
    }
}

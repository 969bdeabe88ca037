package dev.offlinesync;

/**
 * The server has no table by this name: it answered 404 with a web page rather than a table error, or 404 on the
 * table's own route (a list or an insert). Check the table name, its case, and that the server defines the table.
 */
public class NoSuchTableException extends HttpStatusException {
    private static final long serialVersionUID = 1L;

    /**
     * The server answered that it has no such table.
     *
     * @param message what happened and what to do
     * @param status  the HTTP status
     * @param body    the response body as text, or {@code null}
     */
    public NoSuchTableException(String message, int status, String body) {
        super(message, status, body);
    }
}

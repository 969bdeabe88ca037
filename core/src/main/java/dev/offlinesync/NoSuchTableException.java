package dev.offlinesync;

/**
 * The server has no table by this name: it answered 404 with a web page rather than a table error, or 404 on the
 * table's own route (a list or an insert). Check the table name, its case, and that the server defines the table.
 */
public class NoSuchTableException extends HttpStatusException {
    private static final long serialVersionUID = 1L;

    public NoSuchTableException(String message, int status, String body) {
        super(message, status, body);
    }
}

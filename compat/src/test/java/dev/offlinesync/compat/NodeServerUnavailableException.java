package dev.offlinesync.compat;

/**
 * The Node table server is not installed, or did not start. {@link #logTail()} has the end of its log, if it
 * wrote one.
 */
public final class NodeServerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String logTail;

    public NodeServerUnavailableException(String reason, String logTail) {
        super(logTail == null || logTail.isEmpty() ? reason : reason + "\n--- server log (tail) ---\n" + logTail);
        this.logTail = logTail == null ? "" : logTail;
    }

    /** The end of the server's log ("" when there is none). */
    public String logTail() {
        return logTail;
    }
}

package dev.offlinesync;

/**
 * Reported after each page a pull applied.
 *
 * @param table       the table being pulled
 * @param pages       pages applied so far
 * @param received    rows received so far (including deletions)
 * @param serverTotal the number of rows the server said the query has, or {@code -1} when it did not say
 */
public record PullProgress(String table, int pages, long received, long serverTotal) {

    /**
     * Progress without a server total.
     *
     * @param table    the table being pulled
     * @param pages    pages applied so far
     * @param received rows received so far (including deletions)
     */
    public PullProgress(String table, int pages, long received) {
        this(table, pages, received, -1);
    }
}

package dev.offlinesync;

/**
 * Reported after each page a pull applied.
 *
 * @param table    the table being pulled
 * @param pages    pages applied so far
 * @param received rows received so far (including deletions)
 */
public record PullProgress(String table, int pages, long received) {
}

package dev.offlinesync.internal.protocol;

import java.time.Instant;
import java.util.List;

/**
 * One page of a list answer, its items already rows in local column names.
 *
 * @param items      the items, in the server's order
 * @param count      the total count when the server sent one, else {@code -1}
 * @param next       what the server said about more rows
 * @param serverDate the answer's {@code Date} header, or {@code null} when absent or unreadable, or the page is
 *                   empty
 */
public record Page(List<PageItem> items, long count, Next next, Instant serverDate) {

    /** The server's next-page signal. */
    public enum Next {
        /** The server says there is more (a next link). */
        MORE,
        /** The server says this is the last page of its answer. */
        END,
        /** The server says nothing: a full page may be followed by more, a short one is the end. */
        UNKNOWN
    }
}

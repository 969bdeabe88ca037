package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One page of a list response.
 *
 * @param items    the items, in the server's order
 * @param count    the total count when the server sent one, else {@code -1}
 * @param nextLink the next link from the body, or {@code null}
 * @param linkNext   whether the response carried a {@code Link: ...; rel=next} header (the server says there is more)
 * @param serverDate the response's {@code Date} header, or {@code null} when absent or unreadable
 */
public record Page(List<ObjectNode> items, long count, String nextLink, boolean linkNext, Instant serverDate) {

    /** The same page with what the response headers said. */
    Page withHeaders(boolean link, Instant date) {
        return new Page(items, count, nextLink, link, date);
    }
}

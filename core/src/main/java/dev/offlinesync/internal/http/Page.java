package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a list response.
 *
 * @param items    the items, in the server's order
 * @param count    the total count when the server sent one, else {@code -1}
 * @param nextLink the next link from the body, or {@code null}
 */
public record Page(List<ObjectNode> items, long count, String nextLink) {
}

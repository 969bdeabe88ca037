package dev.offlinesync.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request as the {@link FakeTableService} received it, for assertions in tests.
 *
 * @param method  the HTTP method, upper case ({@code GET}, {@code PATCH}, ...)
 * @param path    the decoded path ({@code /tables/TodoItem/item-1})
 * @param query   the decoded query parameters in request order; for a repeated name, the first value
 * @param headers the request headers; names compare case-insensitively
 * @param body    the body as UTF-8 text, {@code ""} when there is none
 */
public record RecordedRequest(String method, String path, Map<String, String> query,
                              Map<String, List<String>> headers, String body) {

    /**
     * Copies the query and the headers (header names then compare case-insensitively).
     *
     * @param method  the HTTP method
     * @param path    the path, e.g. {@code /tables/TodoItem}
     * @param query   the decoded query parameters
     * @param headers the request headers
     * @param body    the body as text
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        TreeMap<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> sorted.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(sorted);
        Objects.requireNonNull(body, "body");
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return the value, or {@code null}
     */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * A decoded query parameter.
     *
     * @param name the parameter's name ({@code "$filter"}, say)
     * @return the value, or {@code null}
     */
    public String queryParameter(String name) {
        return query.get(name);
    }

    /** {@return the table of a {@code /tables/{table}[/{id}]} path, or {@code null} for other paths} */
    public String table() {
        String[] segments = segments();
        return segments == null ? null : segments[0];
    }

    /** {@return the item id of a {@code /tables/{table}/{id}} path, or {@code null}} */
    public String itemId() {
        String[] segments = segments();
        return segments == null || segments.length < 2 ? null : segments[1];
    }

    /** {@return whether this is a list request: {@code GET /tables/{table}}} */
    public boolean isList() {
        return method.equals("GET") && table() != null && itemId() == null;
    }

    private String[] segments() {
        if (!path.startsWith("/tables/")) {
            return null;
        }
        String rest = path.substring("/tables/".length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        if (rest.isEmpty()) {
            return null;
        }
        return slash < 0 ? new String[] {rest} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }
}

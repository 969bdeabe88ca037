package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One request to send: what the protocol decided, for the transport to carry out.
 *
 * @param method     the HTTP method
 * @param path       the path under the service root, already encoded (e.g. {@code tables/TodoItem/a1})
 * @param parameters the query parameters in order, not encoded yet; empty for none
 * @param body       the JSON body, or {@code null} for none
 * @param ifMatch    the version to send as {@code If-Match: "<version>"}, or {@code null}
 */
public record HttpCall(String method, String path, Map<String, String> parameters, ObjectNode body, String ifMatch) {

    public HttpCall {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(parameters));
    }

    /** {@code METHOD /path}, as messages name a request. */
    public String what() {
        return method + " /" + path;
    }
}

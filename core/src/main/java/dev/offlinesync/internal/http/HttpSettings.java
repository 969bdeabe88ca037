package dev.offlinesync.internal.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the client talks to the server.
 *
 * @param baseUri          the service root, ending with {@code /}
 * @param headers          extra headers sent with every request
 * @param zumoToken        supplies the {@code X-ZUMO-AUTH} token, or {@code null}
 * @param bearerToken      supplies the {@code Authorization: Bearer} token, or {@code null}
 * @param connectTimeout   TCP connect timeout
 * @param requestTimeout   time until response headers arrive
 * @param maxRetries       retries after a 5xx answer or a failed connection
 * @param retryBackoff     wait before the first retry (doubles each time)
 * @param maxResponseBytes a larger response body is a protocol error
 */
public record HttpSettings(URI baseUri, Map<String, String> headers, Supplier<String> zumoToken,
                           Supplier<String> bearerToken, Duration connectTimeout, Duration requestTimeout,
                           int maxRetries, Duration retryBackoff, long maxResponseBytes) {
    public HttpSettings {
        headers = Map.copyOf(headers);
    }
}

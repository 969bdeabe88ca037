package dev.offlinesync.internal.http;

import dev.offlinesync.Authenticator;
import dev.offlinesync.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
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
 * @param authenticator    refreshes credentials after a 401
 * @param connectTimeout   TCP connect timeout
 * @param requestTimeout   time until response headers arrive, and the longest pause within a body
 * @param responseDeadline the longest time one response body may take to arrive in full
 * @param retryPolicy      retries after a 5xx, 429, 408, a failed connection or no headers in time
 * @param maxResponseBytes a larger response body is a protocol error
 * @param httpClient       the application's own client, or {@code null} for one built from these settings
 */
public record HttpSettings(URI baseUri, Map<String, String> headers, Supplier<String> zumoToken,
                           Supplier<String> bearerToken, Authenticator authenticator, Duration connectTimeout,
                           Duration requestTimeout, Duration responseDeadline, RetryPolicy retryPolicy,
                           long maxResponseBytes, HttpClient httpClient) {
    public HttpSettings {
        headers = Map.copyOf(headers);
        authenticator = authenticator == null ? Authenticator.NONE : authenticator;
        retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
    }

    /** The application's client, or a new one with the connect timeout (and HTTP/1.1 for cleartext). */
    HttpClient client() {
        if (httpClient != null) {
            return httpClient;
        }
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (cleartext()) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder.build();
    }

    /**
     * Plain {@code http://}: every request is HTTP/1.1, also on a client of the application's, because an h2c
     * upgrade request with a body is refused or mishandled by common servers and proxies.
     */
    boolean cleartext() {
        return "http".equalsIgnoreCase(baseUri.getScheme());
    }
}

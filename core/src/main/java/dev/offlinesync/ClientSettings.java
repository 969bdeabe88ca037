package dev.offlinesync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.internal.http.HttpSettings;
import dev.offlinesync.internal.http.StatusErrors;
import dev.offlinesync.spi.SyncContextDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a {@link SyncClient.Builder} has been told so far, starting from the defaults the client documents, and
 * the checks of each setting. The builder is the API; this is its state, read once by {@link ClientRuntime} when a
 * client is built (a builder used again afterwards does not reach a client already built: the headers are copied
 * and every other value is read at build time).
 */
final class ClientSettings {

    final URI serviceUri;
    SyncContextDataSource store;
    SyncContextDelegate delegate;
    Supplier<String> zumoToken;
    Supplier<String> bearerToken;
    final Map<String, String> headers = new LinkedHashMap<>();
    Authenticator authenticator = Authenticator.NONE;
    Duration connectTimeout = SyncClient.DEFAULT_CONNECT_TIMEOUT;
    boolean connectTimeoutSet;
    Duration requestTimeout = SyncClient.DEFAULT_REQUEST_TIMEOUT;
    Duration responseDeadline = SyncClient.DEFAULT_RESPONSE_DEADLINE;
    RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    long maxResponseBytes = SyncClient.DEFAULT_MAX_RESPONSE_BYTES;
    Executor executor;
    Executor callbackExecutor;
    ProtocolDialect dialect = SyncClient.DEFAULT_DIALECT;
    String applicationKey;
    ObjectMapper mapper;
    SyncEventListener eventListener;
    HttpClient httpClient;
    int pushParallelism = SyncClient.DEFAULT_PUSH_PARALLELISM;

    ClientSettings(URI serviceUri) {
        this.serviceUri = serviceRoot(serviceUri);
    }

    /** The service's root with a trailing {@code /}, so that table paths are appended below it. */
    private static URI serviceRoot(URI serviceUri) {
        Objects.requireNonNull(serviceUri, "serviceUri");
        String scheme = serviceUri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || serviceUri.getHost() == null) {
            throw new SyncException("The service URI must be an absolute http or https URI, was "
                    + StatusErrors.url(serviceUri.toString()) + ": give the service's root, e.g. https://host/");
        }
        if (serviceUri.getRawQuery() != null || serviceUri.getRawFragment() != null) {
            // Table paths are appended to the root, so they would land after a query and be lost in it.
            throw new SyncException("The service URI must not have a query or fragment, was "
                    + StatusErrors.url(serviceUri.toString()) + ": give the service's root, e.g. https://host/,"
                    + " and send a key the service wants with header(name, value) or applicationKey(key)");
        }
        String text = serviceUri.toString();
        return URI.create(text.endsWith("/") ? text : text + "/");
    }

    void header(String name, String value) {
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        } catch (IllegalArgumentException refused) {
            // The JDK's refusal quotes the value, which may be a key or a token: neither it nor its exception
            // goes into ours.
            throw new SyncException("Header '" + name + "' cannot be set: its name is not a valid HTTP header"
                    + " name, or one the JDK sets itself, or its value holds a line break or control character;"
                    + " check the name and the value");
        }
        headers.put(name, value);
    }

    /** The default policy with {@code count} retries, first waiting {@code backoff} (the maximum raised to it). */
    void retries(int count, Duration backoff) {
        if (backoff == null || backoff.isNegative()) {
            throw new SyncException("backoff must be zero or a positive duration, was " + backoff);
        }
        RetryPolicy policy = RetryPolicy.DEFAULT.withMaxRetries(count);
        if (backoff.compareTo(policy.maxDelay()) > 0) {
            policy = policy.withMaxDelay(backoff);
        }
        retryPolicy = policy.withBaseDelay(backoff);
    }

    void maxResponseBytes(long bytes) {
        if (bytes < 1024) {
            throw new SyncException("maxResponseBytes must be at least 1024, was " + bytes);
        }
        maxResponseBytes = bytes;
    }

    void pushParallelism(int operations) {
        if (operations < 1 || operations > SyncClient.MAX_PUSH_PARALLELISM) {
            throw new SyncException("pushParallelism must be between 1 and " + SyncClient.MAX_PUSH_PARALLELISM
                    + ", was " + operations);
        }
        pushParallelism = operations;
    }

    static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new SyncException(what + " must be a positive duration, was " + d);
        }
        return d;
    }

    /** Refuses settings that contradict each other; each setting alone was checked when it was given. */
    void requireBuildable() {
        if (store == null) {
            throw new SyncException("No store configured: call store(...) with e.g. new MemoryStore()");
        }
        if (httpClient != null && connectTimeoutSet) {
            throw new SyncException("connectTimeout(...) applies to the library's own HTTP client only, and an own"
                    + " HttpClient was given: set the timeout with HttpClient.Builder.connectTimeout(...) on your"
                    + " client and drop the builder's connectTimeout(...)");
        }
    }

    HttpSettings http() {
        return new HttpSettings(serviceUri, headers, zumoToken, bearerToken, authenticator, connectTimeout,
                requestTimeout, responseDeadline, retryPolicy, maxResponseBytes, httpClient);
    }
}

package dev.offlinesync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SyncContextDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The entry point: a service, a local store, and the sync tables and {@link SyncContext} over them.
 *
 * <pre>{@code
 * try (SyncClient client = SyncClient.builder(URI.create("https://example.org/"))
 *         .store(new MemoryStore())
 *         .build()) {
 *     SyncTable<TodoItem> todos = client.table("TodoItem", TodoItem.class);
 *     todos.insert(new TodoItem(null, "buy milk", false));
 *     todos.pull(Query.all(), "all-todos").join();
 * }
 * }</pre>
 *
 * Thread-safe: every method may be called from any thread; the accessors do not block, and what blocks says so.
 * {@link #close()} stops the client's own threads and closes the store.
 */
public final class SyncClient implements AutoCloseable {

    private final URI serviceUri;
    private final ClientRuntime runtime;

    private SyncClient(ClientSettings settings) {
        this.serviceUri = settings.serviceUri;
        this.runtime = new ClientRuntime(settings);
    }

    /**
     * Starts configuring a client for the service at this URI. Any thread; does not block.
     *
     * @param serviceUri the service's root, e.g. {@code https://host/}, without a query or fragment
     * @return the builder; {@link Builder#build()} makes the client
     */
    public static Builder builder(URI serviceUri) {
        return new Builder(serviceUri);
    }

    /** {@return the service root} */
    public URI serviceUri() {
        return serviceUri;
    }

    /** {@return the operation queue, push and errors} */
    public SyncContext syncContext() {
        return runtime.context();
    }

    /**
     * A JSON table with no declared columns besides the system columns: every field is kept, but only
     * {@code id}, {@code createdAt}, {@code updatedAt} and {@code version} are typed (others keep their JSON type;
     * a date stays a string). Any thread; blocks while the store creates or upgrades the table.
     *
     * @param name the table's name, as the server knows it
     * @return the table
     */
    public SyncTable<ObjectNode> table(String name) {
        return table(name, Map.of());
    }

    /**
     * A JSON table with typed columns (dates as {@link ColumnType#DATE} compare as dates locally). Any thread;
     * blocks while the store creates or upgrades the table.
     *
     * @param name    the table's name, as the server knows it
     * @param columns the columns and their types; system columns are added
     * @return the table
     */
    public SyncTable<ObjectNode> table(String name, Map<String, ColumnType> columns) {
        return runtime.table(name, ObjectNode.class, columns);
    }

    /**
     * A table of records or POJOs; columns come from the type's Jackson properties. Any thread; blocks while the
     * store creates or upgrades the table.
     *
     * @param <T>  the item type
     * @param name the table's name, as the server knows it
     * @param type the item class
     * @return the table
     */
    public <T> SyncTable<T> table(String name, Class<T> type) {
        return runtime.table(name, type, Map.of());
    }

    /**
     * Stops the client's own threads (not executors you gave it) and closes the store. Blocks until the client's
     * threads finished their work, at most 5 s each before they are interrupted; call it from a thread of yours,
     * not from a future's callback, a listener or the delegate, which would wait those 5 s for themselves.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /** Default TCP connect timeout: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default longest wait for a response's headers and longest pause within its body: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default longest time one response body may take to arrive in full: 5 minutes. */
    public static final Duration DEFAULT_RESPONSE_DEADLINE = Duration.ofMinutes(5);
    /** Default table protocol: Azure Mobile Apps 2.0.0. */
    public static final ProtocolDialect DEFAULT_DIALECT = ProtocolDialect.MOBILE_APPS;

    /** Default number of operations a push sends at once: 1, one after the other in queue order. */
    public static final int DEFAULT_PUSH_PARALLELISM = 1;
    /** The most operations a push may send at once. */
    public static final int MAX_PUSH_PARALLELISM = 64;
    /** Default largest response body: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    /**
     * Configuration of a {@link SyncClient}; see the README's configuration table for defaults. Not thread-safe:
     * configure and build on one thread. The setters check their argument at once and do not block.
     */
    public static final class Builder {
        private final ClientSettings settings;

        private Builder(URI serviceUri) {
            this.settings = new ClientSettings(serviceUri);
        }

        /**
         * The local store (required), e.g. a MemoryStore, SqliteStore or H2Store. The client closes it.
         *
         * @param dataSource the store
         * @return this builder
         */
        public Builder store(SyncContextDataSource dataSource) {
            settings.store = Objects.requireNonNull(dataSource, "store");
            return this;
        }

        /**
         * Hooks around each pushed operation (conflict handling). Default: execute every operation.
         *
         * @param syncDelegate the delegate
         * @return this builder
         */
        public Builder delegate(SyncContextDelegate syncDelegate) {
            settings.delegate = syncDelegate;
            return this;
        }

        /**
         * Sends {@code X-ZUMO-AUTH: <token>} (App Service authentication); asked for each request, on the thread
         * sending it, possibly from several threads at once.
         *
         * @param token gives the current token
         * @return this builder
         */
        public Builder zumoAuthToken(Supplier<String> token) {
            settings.zumoToken = token;
            return this;
        }

        /**
         * Sends {@code Authorization: Bearer <token>}; asked for each request, on the thread sending it, possibly
         * from several threads at once.
         *
         * @param token gives the current token
         * @return this builder
         */
        public Builder bearerToken(Supplier<String> token) {
            settings.bearerToken = token;
            return this;
        }

        /**
         * An extra header sent with every request.
         *
         * @param name  the header's name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            settings.header(name, value);
            return this;
        }

        /**
         * TCP connect timeout. Default {@link #DEFAULT_CONNECT_TIMEOUT}.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            settings.connectTimeout = ClientSettings.positive(timeout, "connectTimeout");
            settings.connectTimeoutSet = true;
            return this;
        }

        /**
         * The longest wait for a response's headers, and the longest pause while its body arrives. Default
         * {@link #DEFAULT_REQUEST_TIMEOUT}.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            settings.requestTimeout = ClientSettings.positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Refreshes credentials when the server answers 401; the request is then sent once more. Default:
         * {@link Authenticator#NONE} (a 401 fails at once).
         *
         * @param refresher the authenticator
         * @return this builder
         */
        public Builder authenticator(Authenticator refresher) {
            settings.authenticator = Objects.requireNonNull(refresher,
                    "authenticator: use Authenticator.NONE for none");
            return this;
        }

        /**
         * The longest time one response body may take to arrive in full, however steadily it trickles; a longer
         * one is cut with a {@link TransportException} and nothing of it is applied. Default
         * {@link #DEFAULT_RESPONSE_DEADLINE}.
         *
         * @param deadline the deadline
         * @return this builder
         */
        public Builder responseDeadline(Duration deadline) {
            settings.responseDeadline = ClientSettings.positive(deadline, "responseDeadline");
            return this;
        }

        /**
         * When and how often to send a request again after a 5xx, 429 or 408 answer, a failed connection, or no
         * answer within the request timeout. Default {@link RetryPolicy#DEFAULT}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            settings.retryPolicy = Objects.requireNonNull(policy, "retryPolicy: use RetryPolicy.NONE for no retries");
            return this;
        }

        /**
         * Shorthand for {@link #retryPolicy(RetryPolicy)}: the default policy with this many retries and this first
         * wait (doubling), its maximum delay raised to the first wait if that is longer.
         *
         * @param count   how many times a request is sent again
         * @param backoff the first wait
         * @return this builder
         */
        public Builder retries(int count, Duration backoff) {
            settings.retries(count, backoff);
            return this;
        }

        /**
         * A larger response body is refused as a protocol error. Default {@link #DEFAULT_MAX_RESPONSE_BYTES}.
         *
         * @param bytes the largest body
         * @return this builder
         */
        public Builder maxResponseBytes(long bytes) {
            settings.maxResponseBytes(bytes);
            return this;
        }

        /**
         * Runs push, pull and purge. Default: the client's own daemon threads.
         *
         * @param workExecutor the executor
         * @return this builder
         */
        public Builder executor(Executor workExecutor) {
            settings.executor = workExecutor;
            return this;
        }

        /**
         * Completes the futures of push, pull and purge and calls the status, change and live-query listeners (give
         * it your UI thread's executor). Default: one background thread.
         *
         * @param callbacks the executor
         * @return this builder
         */
        public Builder callbackExecutor(Executor callbacks) {
            settings.callbackExecutor = callbacks;
            return this;
        }

        /**
         * The table protocol the server speaks. Default: {@link #DEFAULT_DIALECT}.
         *
         * @param protocolDialect the dialect
         * @return this builder
         */
        public Builder dialect(ProtocolDialect protocolDialect) {
            settings.dialect = Objects.requireNonNull(protocolDialect, "dialect");
            return this;
        }

        /**
         * The Mobile Services application key, sent as {@code X-ZUMO-APPLICATION} by the
         * Mobile Services dialect (the other dialects have no application key). Never logged.
         * Default: none.
         *
         * @param key the application key of the Mobile Services app
         * @return this builder
         */
        public Builder applicationKey(String key) {
            settings.applicationKey = key;
            return this;
        }

        /**
         * The Jackson mapper for the items of typed tables (records, POJOs, Kotlin data classes); server answers
         * are read by the library's own mapper. The client works on a copy with what it relies on switched on:
         * unknown properties are ignored (rows carry system columns such as {@code updatedAt} that a type need not
         * declare), java.time is registered when missing, and dates are written as ISO-8601 text. Everything else
         * (modules, naming, enum and null handling) stays yours; your instance is not changed. {@link #build()}
         * fails with a {@link SyncException} when the mapper cannot be copied or writes {@link java.time.Instant}
         * as something other than text. Default: the library's mapper (java.time, ISO-8601 dates, unknown properties
         * ignored, offsets of dates kept as sent).
         *
         * @param objectMapper maps the items of typed tables
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            settings.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /**
         * Hears of requests, retries, pushed and parked operations, pages and pushes and pulls, on the working
         * thread; e.g. a {@link LoggingEventListener}. Default: none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder eventListener(SyncEventListener listener) {
            settings.eventListener = listener;
            return this;
        }

        /**
         * How many operations a push may send at once (default {@value #DEFAULT_PUSH_PARALLELISM}). Above 1,
         * operations on different items are sent concurrently while each item's operations still go one at a time,
         * in queue order; the delegate's {@link SyncContextDelegate#onOperation} is then called from several threads
         * at once (never for two operations of one item). Worth it against a server far away or slow per request.
         *
         * @param operations at most this many operations in flight, 1 to {@value #MAX_PUSH_PARALLELISM}
         * @return this builder
         */
        public Builder pushParallelism(int operations) {
            settings.pushParallelism(operations);
            return this;
        }

        /**
         * Sends every request through this client of yours: its proxy selector, SSL context and parameters,
         * authenticator, cookie handler, executor and connect timeout apply. The library still controls, per
         * request: the request timeout ({@link #requestTimeout}), the response deadline, retries
         * ({@link #retryPolicy}), its headers and credentials, and HTTP/1.1 for a plain {@code http://} service.
         * Give it a client that does not follow redirects (the default, {@link HttpClient.Redirect#NEVER}): a
         * redirect is then reported instead of silently followed. The client is not closed by {@link #close()}.
         * Set the connect timeout on your client, not with {@link #connectTimeout} ({@link #build()} refuses both).
         * Default: the library's own client (HTTP/2 over TLS when the server offers it, {@link #connectTimeout}).
         *
         * <pre>{@code
         * .httpClient(HttpClient.newBuilder()
         *         .sslContext(mySslContext)
         *         .proxy(ProxySelector.of(new InetSocketAddress("proxy.example.org", 3128)))
         *         .connectTimeout(Duration.ofSeconds(10))
         *         .build())
         * }</pre>
         *
         * @param client sends every request
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            settings.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /**
         * The configured client; it owns the store from now on. Blocks while the store sets up the engine's system
         * tables.
         *
         * @return a new client
         * @throws SyncException when no store is configured, when {@link #httpClient} and {@link #connectTimeout}
         *                       are both given, or when the {@link #objectMapper} cannot be made safe
         */
        public SyncClient build() {
            settings.requireBuildable();
            return new SyncClient(settings);
        }
    }
}

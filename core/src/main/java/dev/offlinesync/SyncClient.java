package dev.offlinesync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.engine.Identifiers;
import dev.offlinesync.internal.engine.SyncEngine;
import dev.offlinesync.internal.engine.TableRegistry;
import dev.offlinesync.internal.http.HttpSettings;
import dev.offlinesync.internal.http.StatusErrors;
import dev.offlinesync.internal.http.TableClient;
import dev.offlinesync.internal.json.JsonSupport;
import dev.offlinesync.internal.json.TypeColumns;
import dev.offlinesync.internal.observe.Observers;
import dev.offlinesync.internal.protocol.Protocol;
import dev.offlinesync.internal.protocol.RemoteTables;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.SyncContextDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Thread-safe. {@link #close()} stops the client's own threads and closes the store.
 */
public final class SyncClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SyncClient.class.getName());

    private final URI serviceUri;
    private final SyncContextDataSource store;
    private final SyncEngine engine;
    private final ObjectMapper mapper;
    private final Async async;
    private final SyncContext context;
    private final ExecutorService ownExecutor;
    private final ExecutorService ownCallbacks;
    private final ConflictHandlers conflicts;

    private SyncClient(Builder b) {
        this.serviceUri = b.serviceUri;
        this.store = Objects.requireNonNull(b.store, "store: give the builder a store, e.g. new MemoryStore()");
        this.mapper = b.mapper != null ? JsonSupport.itemMapper(b.mapper) : JsonSupport.defaultMapper();
        this.ownExecutor = b.executor == null ? Executors.newCachedThreadPool(daemon("offlinesync-worker")) : null;
        this.ownCallbacks = b.callbackExecutor == null
                ? Executors.newSingleThreadExecutor(daemon("offlinesync-callback")) : null;
        java.util.concurrent.Executor callbacks = b.callbackExecutor != null ? b.callbackExecutor : ownCallbacks;
        this.async = new Async(b.executor != null ? b.executor : ownExecutor, callbacks);
        Observers observers = new Observers(callbacks, b.eventListener);
        HttpSettings settings = new HttpSettings(serviceUri, b.headers, b.zumoToken, b.bearerToken, b.authenticator,
                b.connectTimeout, b.requestTimeout, b.responseDeadline, b.retryPolicy, b.maxResponseBytes, b.httpClient);
        // the wire never sees the application's mapper: what the server sends is read one fixed way
        this.conflicts = new ConflictHandlers(b.delegate);
        ObjectMapper wireMapper = JsonSupport.defaultMapper();
        Protocol protocol = Protocol.of(b.dialect, b.applicationKey);
        TableClient transport = new TableClient(settings, protocol.headers(), protocol, wireMapper, observers);
        this.engine = new SyncEngine(store, new RemoteTables(protocol, transport, wireMapper), conflicts, observers,
                b.pushParallelism);
        this.context = new SyncContext(engine, async);
    }

    /**
     * Starts configuring a client for the service at this URI.
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
        return context;
    }

    /**
     * A JSON table with no declared columns besides the system columns: every field is kept, but only
     * {@code id}, {@code createdAt}, {@code updatedAt} and {@code version} are typed (others keep their JSON type;
     * a date stays a string).
     *
     * @param name the table's name, as the server knows it
     * @return the table
     */
    public SyncTable<ObjectNode> table(String name) {
        return table(name, Map.of());
    }

    /**
     * A JSON table with typed columns (dates as {@link ColumnType#DATE} compare as dates locally).
     *
     * @param name    the table's name, as the server knows it
     * @param columns the columns and their types; system columns are added
     * @return the table
     */
    public SyncTable<ObjectNode> table(String name, Map<String, ColumnType> columns) {
        define(name, columns);
        return new SyncTable<>(name, ObjectNode.class, engine, mapper, async, conflicts);
    }

    /**
     * A table of records or POJOs; columns come from the type's Jackson properties.
     *
     * @param <T>  the item type
     * @param name the table's name, as the server knows it
     * @param type the item class
     * @return the table
     */
    public <T> SyncTable<T> table(String name, Class<T> type) {
        if (type == ObjectNode.class) {
            return castTable(table(name));
        }
        define(name, TypeColumns.of(mapper, type));
        return new SyncTable<>(name, type, engine, mapper, async, conflicts);
    }

    @SuppressWarnings("unchecked")
    private static <T> SyncTable<T> castTable(SyncTable<ObjectNode> table) {
        return (SyncTable<T>) table;
    }

    private void define(String name, Map<String, ColumnType> columns) {
        Identifiers.requireUserTableName(name);
        engine.defineTable(TableRegistry.syncTable(name, columns));
    }

    /** Stops the client's own threads (not executors you gave it) and closes the store. */
    @Override
    public void close() {
        engine.observers().close();
        for (ExecutorService service : new ExecutorService[] {ownExecutor, ownCallbacks}) {
            if (service != null) {
                service.shutdown();
                try {
                    if (!service.awaitTermination(5, TimeUnit.SECONDS)) {
                        LOG.log(System.Logger.Level.WARNING, "offlinesync threads still busy after 5 s; interrupting");
                        service.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    service.shutdownNow();
                }
            }
        }
        engine.close();
        store.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
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

    /** Configuration of a {@link SyncClient}; see the README's configuration table for defaults. */
    public static final class Builder {
        private final URI serviceUri;
        private SyncContextDataSource store;
        private SyncContextDelegate delegate;
        private Supplier<String> zumoToken;
        private Supplier<String> bearerToken;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Authenticator authenticator = Authenticator.NONE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration responseDeadline = DEFAULT_RESPONSE_DEADLINE;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private java.util.concurrent.Executor executor;
        private java.util.concurrent.Executor callbackExecutor;
        private ProtocolDialect dialect = DEFAULT_DIALECT;
        private String applicationKey;
        private ObjectMapper mapper;
        private SyncEventListener eventListener;
        private HttpClient httpClient;
        private boolean connectTimeoutSet;
        private int pushParallelism = DEFAULT_PUSH_PARALLELISM;

        private Builder(URI serviceUri) {
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
            this.serviceUri = URI.create(text.endsWith("/") ? text : text + "/");
        }

        /**
         * The local store (required), e.g. a MemoryStore, SqliteStore or H2Store. The client closes it.
         *
         * @param dataSource the store
         * @return this builder
         */
        public Builder store(SyncContextDataSource dataSource) {
            this.store = Objects.requireNonNull(dataSource, "store");
            return this;
        }

        /**
         * Hooks around each pushed operation (conflict handling). Default: execute every operation.
         *
         * @param syncDelegate the delegate
         * @return this builder
         */
        public Builder delegate(SyncContextDelegate syncDelegate) {
            this.delegate = syncDelegate;
            return this;
        }

        /**
         * Sends {@code X-ZUMO-AUTH: <token>} (App Service authentication); asked for each request.
         *
         * @param token gives the current token
         * @return this builder
         */
        public Builder zumoAuthToken(Supplier<String> token) {
            this.zumoToken = token;
            return this;
        }

        /**
         * Sends {@code Authorization: Bearer <token>}; asked for each request.
         *
         * @param token gives the current token
         * @return this builder
         */
        public Builder bearerToken(Supplier<String> token) {
            this.bearerToken = token;
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
            return this;
        }

        /**
         * TCP connect timeout. Default {@link #DEFAULT_CONNECT_TIMEOUT}.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            this.connectTimeoutSet = true;
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
            this.requestTimeout = positive(timeout, "requestTimeout");
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
            this.authenticator = Objects.requireNonNull(refresher, "authenticator: use Authenticator.NONE for none");
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
            this.responseDeadline = positive(deadline, "responseDeadline");
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
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy: use RetryPolicy.NONE for no retries");
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
            if (backoff == null || backoff.isNegative()) {
                throw new SyncException("backoff must be zero or a positive duration, was " + backoff);
            }
            RetryPolicy policy = RetryPolicy.DEFAULT.withMaxRetries(count);
            if (backoff.compareTo(policy.maxDelay()) > 0) {
                policy = policy.withMaxDelay(backoff);
            }
            this.retryPolicy = policy.withBaseDelay(backoff);
            return this;
        }

        /**
         * A larger response body is refused as a protocol error. Default {@link #DEFAULT_MAX_RESPONSE_BYTES}.
         *
         * @param bytes the largest body
         * @return this builder
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024) {
                throw new SyncException("maxResponseBytes must be at least 1024, was " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Runs push, pull and purge. Default: the client's own daemon threads.
         *
         * @param workExecutor the executor
         * @return this builder
         */
        public Builder executor(java.util.concurrent.Executor workExecutor) {
            this.executor = workExecutor;
            return this;
        }

        /**
         * Completes the futures of push, pull and purge (e.g. a UI thread). Default: one background thread.
         *
         * @param callbacks the executor
         * @return this builder
         */
        public Builder callbackExecutor(java.util.concurrent.Executor callbacks) {
            this.callbackExecutor = callbacks;
            return this;
        }

        /**
         * The table protocol the server speaks. Default: {@link #DEFAULT_DIALECT}.
         *
         * @param protocolDialect the dialect
         * @return this builder
         */
        public Builder dialect(ProtocolDialect protocolDialect) {
            this.dialect = Objects.requireNonNull(protocolDialect, "dialect");
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
            this.applicationKey = key;
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
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
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
            this.eventListener = listener;
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
            if (operations < 1 || operations > MAX_PUSH_PARALLELISM) {
                throw new SyncException("pushParallelism must be between 1 and " + MAX_PUSH_PARALLELISM + ", was "
                        + operations);
            }
            this.pushParallelism = operations;
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
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /**
         * The configured client; it owns the store from now on.
         *
         * @return a new client
         * @throws SyncException when no store is configured, when {@link #httpClient} and {@link #connectTimeout}
         *                       are both given, or when the {@link #objectMapper} cannot be made safe
         */
        public SyncClient build() {
            if (store == null) {
                throw new SyncException("No store configured: call store(...) with e.g. new MemoryStore()");
            }
            if (httpClient != null && connectTimeoutSet) {
                throw new SyncException("connectTimeout(...) applies to the library's own HTTP client only, and an own"
                        + " HttpClient was given: set the timeout with HttpClient.Builder.connectTimeout(...) on your"
                        + " client and drop the builder's connectTimeout(...)");
            }
            return new SyncClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new SyncException(what + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}

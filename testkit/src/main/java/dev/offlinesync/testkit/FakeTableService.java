package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.offlinesync.spi.TableDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process fake of an Azure Mobile Apps table service (protocol {@code ZUMO-API-VERSION: 2.0.0}) that
 * answers the way the real Node server ({@code azure-mobile-apps} 4.0.2 on Express and SQLite) does, for
 * everything a sync client uses. For JUnit tests and demos:
 *
 * <pre>{@code
 * try (FakeTableService service = FakeTableService.start()) {
 *     service.defineTable("TodoItem");
 *     URI base = service.uri();                  // http://127.0.0.1:PORT/
 *     service.insertDirect("TodoItem", item);    // another client's change, on the server
 *     // ... run the client against base, then assert on service.items(...) and service.requests()
 * }
 * }</pre>
 *
 * <p><b>Protocol.</b> {@code POST /tables/T} inserts (201, a lowercase UUID when the id is absent),
 * {@code GET /tables/T/id} reads, {@code PATCH} merges fields, {@code DELETE} soft-deletes (or removes, for a
 * table defined without soft delete), {@code POST /tables/T/id} undeletes (201), {@code GET /tables/T} lists
 * with {@code $filter} (see {@link ODataFilterParser}), {@code $orderby}, {@code $top} (default page size 50,
 * above {@code maxTop} 1000 a 400; a {@link Builder#maxPageSize} caps it, as a server-side page size does),
 * {@code $skip}, {@code $select}, {@code $inlinecount=allpages} (body {@code {"results": [...], "count": N}})
 * and {@code __includeDeleted} (exact case; any non-empty value, as the server reads it). Without
 * {@code $orderby} rows come in insertion order. A page that holds as many rows as were taken carries the server's
 * {@code Link: http://127.0.0.1/?...&$top=N&$skip=M; rel=next} header, unusable as the real one is (no port, no
 * table path). Versions are base64 of a per-row counter ({@code "MQ=="}, {@code "Mg=="}, ...), single items carry
 * {@code ETag: "<version>"}, dates are
 * {@code 2026-11-23T23:05:13.261Z}. The server's quirks are reproduced: a duplicate insert is a 409 whose
 * body echoes the <em>submitted</em> item; a stale {@code If-Match} is a 412 with the server item and its
 * ETag, a stale {@code version} in a PATCH body a 409 with the server item; without a version the last writer
 * wins; a deleted item is 404 by id; reserved properties ({@code createdAt updatedAt deleted}) in a body are
 * a 400, array or object values a 500; a bad {@code $filter} is a 500; an unknown table or route is Express'
 * HTML 404; JSON bodies without an explicit ETag carry Express' weak {@code W/"..."} ETag (not a version); a
 * body without {@code Content-Type: application/json} is ignored (taken as {@code {}}); a request without
 * {@code ZUMO-API-VERSION: 2.0.x} (header, or query parameter) is a 400.
 *
 * <p><b>Where the fake knowingly differs</b> from the real server ("src": read in the server's source, not in
 * the captured exchanges):
 * <pre>
 * | topic                                | real Node server                 | fake                               |
 * |--------------------------------------|----------------------------------|------------------------------------|
 * | startswith, endswith, substringof    | match nothing on SQLite          | work (case-sensitive)              |
 * | tolower, length, year..., arithmetic | supported                        | 500, as a filter that won't parse  |
 * | authentication (X-ZUMO-AUTH)         | checked when configured          | never checked                      |
 * | error text of bad JSON / bad filter  | V8's / its parser's wording      | Jackson's / our wording, same code |
 * | column types                         | schema: bool 0/1, typed dates    | JSON scalars kept as sent; strings |
 * |                                      |                                  | compared with a date are parsed    |
 * | "version" in an insert body          | stored (src)                     | ignored: versions start at "MQ=="  |
 * | PATCH or DELETE on /tables/T (no id) | update / delete by query (src)   | 405                                |
 * | zumo-api-version query parameter     | lowercase name only (src)        | any case                           |
 * | PATCH body id differs from URL id    | not captured                     | 400                                |
 * | non-string id, bad $top or $skip     | not captured                     | 400                                |
 * | Cache-Control, X-Powered-By, HEAD    | sent / answered like GET         | not sent / HTML 404, no body       |
 * | storage and clock                    | SQLite file, database time       | memory; settable Clock, ms         |
 * </pre>
 *
 * <p><b>Fault injection</b> is checked for every request, before anything else, in this order:
 * {@link #failNextRequests}, {@link #failListRequestAfter}, then the {@link #intercept interceptor}; a request
 * answered by one rule is not counted by the later ones. Every request is recorded in {@link #requests()},
 * failed ones too.
 *
 * <p><b>Threads and sockets.</b> Thread-safe. The server binds 127.0.0.1 on a free port and serves on a few
 * daemon threads. The JDK's {@code HttpServer} reads {@code sun.net.httpserver.nodelay} once per JVM, when
 * its first server starts; without it every request stalls about 40 ms (Nagle with delayed ACK). So
 * {@link #start()} sets it to {@code true} when it is unset, before creating the server; if another
 * {@code HttpServer} already started in this JVM, set the property yourself (e.g. surefire's
 * {@code systemPropertyVariables}).
 */
public final class FakeTableService implements AutoCloseable {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final int defaultPageSize;
    private final int maxTop;
    private final int maxPageSize;
    private final ConcurrentHashMap<String, FakeTable> tables = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final FaultRules faults = new FaultRules();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Clock clock;

    private FakeTableService(Builder builder) {
        this.defaultPageSize = builder.defaultPageSize;
        this.maxTop = builder.maxTop;
        this.maxPageSize = builder.maxPageSize;
        this.clock = builder.clock;
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        AtomicInteger threadCount = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(builder.threads, runnable -> {
            Thread thread = new Thread(runnable, "fake-table-service-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the fake table service on 127.0.0.1", e);
        }
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        server.createContext("/", new TableHttpHandler(this));
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts a service with the defaults: page size 50, max {@code $top} 1000, no page size cap, the system clock.
     *
     * @return the running service; close it to stop it
     */
    public static FakeTableService start() {
        return builder().start();
    }

    /** {@return settings for a service: {@code FakeTableService.builder().defaultPageSize(10).start()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link FakeTableService}; not thread-safe, use from one thread. */
    public static final class Builder {
        private int defaultPageSize = 50;
        private int maxTop = 1000;
        private int maxPageSize = Integer.MAX_VALUE;
        private Clock clock = Clock.systemUTC();
        private int threads = 4;

        private Builder() {
        }

        /**
         * Rows per list response when {@code $top} is absent (default 50).
         *
         * @param rows the page size
         * @return this builder
         */
        public Builder defaultPageSize(int rows) {
            this.defaultPageSize = positive(rows, "defaultPageSize");
            return this;
        }

        /**
         * The largest {@code $top} accepted; above it a list is a 400 (default 1000).
         *
         * @param rows the largest {@code $top}
         * @return this builder
         */
        public Builder maxTop(int rows) {
            this.maxTop = positive(rows, "maxTop");
            return this;
        }

        /**
         * The most rows one list answer holds, whatever {@code $top} asks (default: no cap).
         *
         * @param rows the cap
         * @return this builder
         */
        public Builder maxPageSize(int rows) {
            this.maxPageSize = positive(rows, "maxPageSize");
            return this;
        }

        /**
         * The clock of createdAt/updatedAt (default UTC system clock); truncated to milliseconds.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Server threads (default 4).
         *
         * @param count the number of threads
         * @return this builder
         */
        public Builder threads(int count) {
            this.threads = positive(count, "threads");
            return this;
        }

        /**
         * Starts the service on a free loopback port.
         *
         * @return the running service; close it to stop it
         */
        public FakeTableService start() {
            return new FakeTableService(this);
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, was " + value);
            }
            return value;
        }
    }

    /** {@return the base URI of the service, {@code http://127.0.0.1:PORT/}; tables are at {@code tables/{name}}} */
    public URI uri() {
        return uri;
    }

    /**
     * Defines a table with soft delete (deleted rows stay, with {@code deleted: true}).
     *
     * @param name the table's name
     * @return this service
     */
    public FakeTableService defineTable(String name) {
        return defineTable(name, true);
    }

    /**
     * Defines a table. Table names are matched case-insensitively in URLs, as Express routes are.
     *
     * @param name       the table's name
     * @param softDelete {@code false} for a table whose DELETE removes the row
     * @return this service
     * @throws IllegalStateException if a table of that name (in any case) exists
     */
    public FakeTableService defineTable(String name, boolean softDelete) {
        TableDefinition.requireIdentifier(name, "table name");
        FakeTable previous = tables.putIfAbsent(name.toLowerCase(Locale.ROOT), new FakeTable(name, softDelete));
        if (previous != null) {
            throw new IllegalStateException("Table " + previous.name() + " is already defined");
        }
        return this;
    }

    /**
     * Replaces the clock of createdAt/updatedAt, e.g. with {@code Clock.fixed(t, UTC)} to provoke ties.
     *
     * @param value the clock
     */
    public void setClock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
    }

    /**
     * Inserts an item as another client would (the server assigns the id when absent, version "MQ==" and
     * timestamps).
     *
     * @param table the table
     * @param item  the item
     * @return the item as the server would answer it
     * @throws IllegalArgumentException for an item the server rejects (reserved property, array value, ...)
     * @throws IllegalStateException    when the id exists (deleted or not)
     */
    public ObjectNode insertDirect(String table, ObjectNode item) {
        return (ObjectNode) check(table, null, requireTable(table).insert(item.deepCopy(), this::now)).body();
    }

    /**
     * Merges fields into a live item, bumping its version and updatedAt; versions are not checked.
     *
     * @param table   the table
     * @param id      the item's id
     * @param changes the fields to set
     * @return the item as the server would answer it
     */
    public ObjectNode updateDirect(String table, String id, ObjectNode changes) {
        ObjectNode body = changes.deepCopy();
        body.remove("version");
        return (ObjectNode) check(table, id, requireTable(table).update(id, body, null, this::now)).body();
    }

    /**
     * Deletes a live item (soft or hard, as the table says).
     *
     * @param table the table
     * @param id    the item's id
     * @return the item as the server would answer it
     */
    public ObjectNode deleteDirect(String table, String id) {
        return (ObjectNode) check(table, id, requireTable(table).delete(id, null, this::now)).body();
    }

    /**
     * The item with this id, soft-deleted or not.
     *
     * @param table the table
     * @param id    the item's id
     * @return the item, or empty
     */
    public Optional<ObjectNode> item(String table, String id) {
        FakeTable fake = requireTable(table);
        FakeTable.Row row = fake.row(id);
        return row == null ? Optional.empty() : Optional.of(row.toJson(fake.columns()));
    }

    /**
     * All items of a table in insertion order, as the server writes them.
     *
     * @param table          the table
     * @param includeDeleted whether soft-deleted items are included
     * @return the items
     */
    public List<ObjectNode> items(String table, boolean includeDeleted) {
        FakeTable.Snapshot snapshot = requireTable(table).snapshot();
        List<ObjectNode> items = new ArrayList<>();
        for (FakeTable.Row row : snapshot.rows()) {
            if (includeDeleted || !row.deleted()) {
                items.add(row.toJson(snapshot.columns()));
            }
        }
        return items;
    }

    /**
     * Sets updatedAt of existing items (deleted ones too) without changing their versions, e.g. to give rows
     * equal timestamps. Truncated to milliseconds, as the server stores them.
     *
     * @param table     the table
     * @param ids       the items' ids
     * @param updatedAt the time to set
     * @throws IllegalArgumentException if an id does not exist; then nothing changes
     */
    public void setUpdatedAt(String table, Collection<String> ids, Instant updatedAt) {
        requireTable(table).setUpdatedAt(List.copyOf(ids), updatedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** {@return the requests received so far, oldest first (a copy)} */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /**
     * The next {@code count} requests (of any kind) answer {@code status} with a JSON error body.
     *
     * @param count  how many requests fail
     * @param status the status they answer
     */
    public void failNextRequests(int count, int status) {
        faults.failNext(count, status);
    }

    /**
     * Lets the next {@code okRequests} list requests ({@code GET /tables/T}) through, then answers the one
     * after them with {@code status}, once. {@code failListRequestAfter(0, 500)} fails the next list.
     *
     * @param okRequests how many list requests go through first
     * @param status     the status the next one answers
     */
    public void failListRequestAfter(int okRequests, int status) {
        faults.failListAfter(okRequests, status);
    }

    /**
     * Installs a hook consulted for every request after the fail rules: it returns a {@link FakeResponse}
     * to answer instead (an error, a body the client must reject, {@link FakeResponse#disconnect()}), or
     * {@code null} to let the service answer. It runs on a server thread and may block to simulate latency.
     *
     * @param hook the hook, or {@code null} to remove it
     */
    public void intercept(Function<RecordedRequest, FakeResponse> hook) {
        faults.intercept(hook);
    }

    /** Removes every fail rule and the interceptor. */
    public void clearFaults() {
        faults.clear();
    }

    /** {@return rows per list response when {@code $top} is absent} */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /** {@return the largest {@code $top} accepted} */
    public int maxTop() {
        return maxTop;
    }

    /** {@return the most rows one list response holds ({@code Integer.MAX_VALUE}: no cap)} */
    public int maxPageSize() {
        return maxPageSize;
    }

    /** Stops the server at once and its threads. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "FakeTableService[" + uri + ", tables=" + tables.keySet() + "]";
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    FakeTable table(String name) {
        return tables.get(name.toLowerCase(Locale.ROOT));
    }

    void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    /** The canned answer for this request, or {@code null} to handle it normally. */
    FakeResponse injectedFault(RecordedRequest request) {
        return faults.answer(request);
    }

    private FakeTable requireTable(String name) {
        FakeTable table = table(Objects.requireNonNull(name, "table"));
        if (table == null) {
            throw new IllegalArgumentException("Unknown table '" + name + "': call defineTable(\"" + name
                    + "\") first");
        }
        return table;
    }

    private static FakeTable.Result check(String table, String id, FakeTable.Result result) {
        if (result.ok()) {
            return result;
        }
        String error = result.body().path("error").asText("");
        switch (result.status()) {
            case 404 -> throw new NoSuchElementException("No live item '" + id + "' in table " + table);
            case 409 -> throw new IllegalStateException("An item with id '" + result.body().path("id").asText()
                    + "' already exists in table " + table);
            default -> throw new IllegalArgumentException("The service rejects this item for table " + table
                    + " (HTTP " + result.status() + "): " + error);
        }
    }
}

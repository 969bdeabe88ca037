package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An in-process fake of a table service that answers the way the real servers do, for everything a sync client
 * uses, in one of three {@linkplain ProtocolDialect dialects}. For JUnit tests and demos:
 *
 * <pre>{@code
 * try (FakeTableService service = FakeTableService.start()) {   // or start(ProtocolDialect.DATASYNC)
 *     service.defineTable("TodoItem");
 *     URI base = service.uri();                  // http://127.0.0.1:PORT/
 *     service.insertDirect("TodoItem", item);    // another client's change, on the server
 *     // ... run the client against base, then assert on service.items(...) and service.requests()
 * }
 * }</pre>
 *
 * <p>It speaks {@link ProtocolDialect#MOBILE_APPS} (the default: the Azure Mobile Apps Node server),
 * {@link ProtocolDialect#DATASYNC} (the CommunityToolkit Datasync server, protocol 3.0.0, with soft delete on)
 * or {@link ProtocolDialect#MOBILE_SERVICES} (the 2014 Mobile Services Node runtime), with each server's quirks;
 * the {@linkplain dev.offlinesync.testkit package documentation} describes what each answers and where the fake
 * knowingly differs from the real servers.
 *
 * <p><b>Timestamps</b> come from a settable {@link Clock} and are stored in milliseconds or, with
 * {@link Builder#subMillisecondTimestamps}, in 100 ns units as SQL Server's {@code datetimeoffset(7)} keeps them
 * (the wire still shows milliseconds); {@link #setClockWithinMillisecond} makes many writes share one millisecond.
 *
 * <p><b>Fault injection</b> is checked for every request, before anything else, in this order:
 * {@link #failNextRequests}, {@link #failListRequestAfter}, then the {@link #intercept interceptor}; a request
 * answered by one rule is not counted by the later ones. Every request is recorded in {@link #requests()},
 * failed ones too.
 *
 * <p><b>Threads and sockets.</b> Thread-safe. The server binds 127.0.0.1 on a free port and serves on a few
 * daemon threads. The JDK's {@code HttpServer} reads {@code sun.net.httpserver.nodelay} once per JVM, when its
 * first server starts (without it every request stalls about 40 ms); {@link #start()} sets it to {@code true}
 * when unset, so if another {@code HttpServer} started first, set it yourself (e.g. surefire's
 * {@code systemPropertyVariables}).
 */
public final class FakeTableService implements AutoCloseable {

    /** The key Mobile Services requires unless {@link Builder#applicationKey} says otherwise. */
    public static final String DEFAULT_APPLICATION_KEY = "fake-application-key";
    /** Rows per page without {@code $top} (Mobile Apps, Mobile Services). */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** The largest {@code $top} (Mobile Apps, Mobile Services). */
    public static final int DEFAULT_MAX_TOP = 1000;
    /** The Datasync server's page size. */
    public static final int DATASYNC_PAGE_SIZE = 100;
    /** The largest {@code $top} of the Datasync server. */
    public static final int DATASYNC_MAX_TOP = 128_000;
    /** Server threads unless {@link Builder#threads} says otherwise. */
    public static final int DEFAULT_THREADS = 4;

    private final LoopbackHttpServer server;
    private final FakeSettings settings;
    private final FakeTables tables;
    private final FaultRules faults = new FaultRules();

    private FakeTableService(FakeSettings settings) {
        this.settings = settings;
        DialectHandler handler = DialectHandler.of(settings.dialect, this);
        this.tables = new FakeTables(handler.rowFormat(), settings.subMillisecond, settings.clock);
        this.server = new LoopbackHttpServer(new TableHttpHandler(this, handler, faults), settings.threads);
    }

    /**
     * Starts a Mobile Apps service with the defaults: page size {@value #DEFAULT_PAGE_SIZE}, max {@code $top}
     * {@value #DEFAULT_MAX_TOP}, the system clock.
     *
     * @return the running service; close it to stop it
     */
    public static FakeTableService start() {
        return builder().start();
    }

    /**
     * Starts a service of this dialect with its server's defaults.
     *
     * @param dialect the dialect
     * @return the running service; close it to stop it
     */
    public static FakeTableService start(ProtocolDialect dialect) {
        return builder().dialect(dialect).start();
    }

    /** {@return settings for a service: {@code FakeTableService.builder().defaultPageSize(10).start()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link FakeTableService}; not thread-safe, use from one thread. */
    public static final class Builder {
        private final FakeSettings settings = new FakeSettings();

        private Builder() {
        }

        /**
         * The protocol the service speaks (default {@link ProtocolDialect#MOBILE_APPS}).
         *
         * @param value the value
         * @return this builder
         */
        public Builder dialect(ProtocolDialect value) {
            settings.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /**
         * Rows per list response when {@code $top} is absent (default {@value #DEFAULT_PAGE_SIZE}; Datasync
         * {@value #DATASYNC_PAGE_SIZE}). On Datasync this is
         * the server's page size, which caps every page whatever {@code $top} asks.
         *
         * @param rows the rows
         * @return this builder
         */
        public Builder defaultPageSize(int rows) {
            settings.defaultPageSize = FakeSettings.positive(rows, "defaultPageSize");
            return this;
        }

        /**
         * The largest {@code $top} accepted; above it a list is a 400 (default {@value #DEFAULT_MAX_TOP}; Datasync
         * {@value #DATASYNC_MAX_TOP}).
         *
         * @param rows the rows
         * @return this builder
         */
        public Builder maxTop(int rows) {
            settings.maxTop = FakeSettings.positive(rows, "maxTop");
            return this;
        }

        /**
         * The most rows one list answer holds, whatever {@code $top} asks (default: no cap).
         *
         * @param rows the cap
         * @return this builder
         */
        public Builder maxPageSize(int rows) {
            settings.maxPageSize = FakeSettings.positive(rows, "maxPageSize");
            return this;
        }

        /**
         * The clock of createdAt/updatedAt (default UTC system clock); truncated to the stored precision.
         *
         * @param value the value
         * @return this builder
         */
        public Builder clock(Clock value) {
            settings.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Stores createdAt/updatedAt in 100 ns units, as SQL Server's {@code datetimeoffset(7)} does, instead of
         * milliseconds (default false). The wire still carries milliseconds, but filters and {@code $orderby}
         * compare the stored value: {@code updatedAt eq T} with a value read from the wire matches nothing, and
         * {@code updatedAt gt T} returns the rest of that millisecond again.
         *
         * @param value the value
         * @return this builder
         */
        public Builder subMillisecondTimestamps(boolean value) {
            settings.subMillisecond = value;
            return this;
        }

        /**
         * The key Mobile Services requires in {@code X-ZUMO-APPLICATION} ({@link #DEFAULT_APPLICATION_KEY}).
         *
         * @param key the key
         * @return this builder
         */
        public Builder applicationKey(String key) {
            settings.applicationKey = FakeSettings.applicationKey(key);
            return this;
        }

        /**
         * Server threads (default {@value #DEFAULT_THREADS}).
         *
         * @param count the count
         * @return this builder
         */
        public Builder threads(int count) {
            settings.threads = FakeSettings.positive(count, "threads");
            return this;
        }

        /**
         * Starts the service on a free loopback port.
         *
         * @return the running service; close it to stop it
         */
        public FakeTableService start() {
            return new FakeTableService(settings.resolved());
        }
    }

    /** {@return the base URI of the service, {@code http://127.0.0.1:PORT/}; tables are at {@code tables/{name}}} */
    public URI uri() {
        return server.uri();
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
        tables.define(name, softDelete);
        return this;
    }

    /**
     * Replaces the clock of createdAt/updatedAt, e.g. with {@code Clock.fixed(t, UTC)} to provoke ties.
     *
     * @param value the clock
     */
    public void setClock(Clock value) {
        tables.setClock(value);
    }

    /**
     * Makes the following writes share the millisecond {@code millisecond} falls in: each gets the next
     * 100 ns step above it (so their stored order is the order of the writes and none is stored exactly at the
     * millisecond the wire shows), up to 9,999 writes, after which a write fails. Needs
     * {@link Builder#subMillisecondTimestamps}; {@link #setClock} ends it.
     *
     * @throws IllegalStateException when the service stores milliseconds only
     * @param millisecond the millisecond
     */
    public void setClockWithinMillisecond(Instant millisecond) {
        tables.setClockWithinMillisecond(millisecond);
    }

    /**
     * Inserts an item as another client would (the server assigns the id when absent, the first version and
     * timestamps). Returns the item as the server stores it, with all system columns.
     *
     * @param table the table
     * @param item  the item
     * @return the item as the server would answer it
     * @throws IllegalArgumentException for an item the server rejects (reserved property, array value, ...)
     * @throws IllegalStateException    when the id exists (deleted or not)
     */
    public ObjectNode insertDirect(String table, ObjectNode item) {
        return tables.insertDirect(table, item);
    }

    /**
     * Merges fields into a live item, bumping its version and updatedAt; system columns in it are ignored.
     *
     * @param table the table
     * @param id the id
     * @param changes the changes
     * @return the item as the server would answer it
     */
    public ObjectNode updateDirect(String table, String id, ObjectNode changes) {
        return tables.updateDirect(table, id, changes);
    }

    /**
     * Deletes a live item (soft or hard, as the table says).
     *
     * @param table the table
     * @param id    the item's id
     * @return the item as the server would answer it
     */
    public ObjectNode deleteDirect(String table, String id) {
        return tables.deleteDirect(table, id);
    }

    /**
     * The item with this id, soft-deleted or not.
     *
     * @param table the table
     * @param id    the item's id
     * @return the item, or empty
     */
    public Optional<ObjectNode> item(String table, String id) {
        return tables.require(table).item(id);
    }

    /**
     * All items of a table in insertion order, as the server writes them.
     *
     * @param table          the table
     * @param includeDeleted whether soft-deleted items are included
     * @return the items
     */
    public List<ObjectNode> items(String table, boolean includeDeleted) {
        return tables.require(table).items(includeDeleted);
    }

    /**
     * Sets updatedAt of existing items (deleted ones too) without changing their versions, e.g. to give rows
     * equal timestamps. Truncated to the stored precision.
     *
     * @param table     the table
     * @param ids       the items' ids
     * @param updatedAt the time to set
     * @throws IllegalArgumentException if an id does not exist; then nothing changes
     */
    public void setUpdatedAt(String table, Collection<String> ids, Instant updatedAt) {
        tables.setUpdatedAt(table, ids, updatedAt);
    }

    /** {@return the requests received so far, oldest first (a copy)} */
    public List<RecordedRequest> requests() {
        return faults.requests();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        faults.clearRequests();
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

    /** {@return the protocol this service speaks} */
    public ProtocolDialect dialect() {
        return settings.dialect;
    }

    /** {@return the key Mobile Services requires in {@code X-ZUMO-APPLICATION}} */
    public String applicationKey() {
        return settings.applicationKey;
    }

    /** {@return rows per list response when {@code $top} is absent} */
    public int defaultPageSize() {
        return settings.defaultPageSize;
    }

    /** {@return the largest {@code $top} accepted} */
    public int maxTop() {
        return settings.maxTop;
    }

    /** {@return the most rows one list response holds ({@code Integer.MAX_VALUE}: no cap)} */
    public int maxPageSize() {
        return settings.maxPageSize;
    }

    /** Stops the server at once and its threads. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeTableService[" + settings.dialect + ", " + server.uri() + ", tables=" + tables.names() + "]";
    }

    Instant now() {
        return tables.now();
    }

    FakeTable table(String name) {
        return tables.find(name);
    }
}

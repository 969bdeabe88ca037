package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.internal.http.ODataWriter;
import dev.offlinesync.internal.http.Page;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pull of one table: pages ordered by (updatedAt, id) and read with a keyset cursor; each page is applied in
 * one transaction together with the cursor (saved as the delta token when there is a query id). Every answer is
 * checked whole before any of it is written: rows strictly after the cursor and in order, readable system
 * columns, dates a store can keep and updatedAt within the server's clock; anything else is a
 * {@link ProtocolException} that leaves rows and cursor as they were.
 */
final class PullRun {

    private static final System.Logger LOG = System.getLogger(PullRun.class.getName());

    /**
     * How far a row's updatedAt may be ahead of the answer's Date header (or, without one, of this device's clock):
     * room for a database clock that differs from its web server's; a later date is a server error and never
     * becomes a cursor (it would hide every real change made before it).
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** The dates every store keeps and the wire form writes with four year digits: years 1 to 9999. */
    private static final Instant EARLIEST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_DATES = Instant.parse("+10000-01-01T00:00:00Z");

    /** Where a pull stands: after the row with this updatedAt and id. */
    record Cursor(Instant updatedAt, String id) {
        String token() {
            return Dates.format(updatedAt) + "|" + id;
        }

        static Cursor parse(String token) {
            int bar = token.indexOf('|');
            return new Cursor(Dates.parse(token.substring(0, bar)), token.substring(bar + 1));
        }

        /** Whether this cursor comes after the other in the servers' order: ids by code point (UTF-8 bytes). */
        boolean isAfter(Cursor other) {
            int byTime = updatedAt.compareTo(other.updatedAt);
            return byTime > 0 || byTime == 0 && InMemoryEvaluator.compareValues(id, other.id) > 0;
        }

        Predicate after() {
            return new Predicate.Or(List.of(
                    new Predicate.Comparison("updatedAt", Predicate.Op.GT, updatedAt),
                    new Predicate.And(List.of(new Predicate.Comparison("updatedAt", Predicate.Op.EQ, updatedAt),
                            new Predicate.Comparison("id", Predicate.Op.GT, id)))));
        }
    }

    private final Engine engine;
    private final String table;
    private final TableDefinition definition;
    private final Query query;
    private final String queryId;
    private final PullOptions options;

    PullRun(Engine engine, String table, Query query, String queryId, PullOptions options) {
        if (!query.orderings().isEmpty() || query.skipCount() > 0 || !query.selectedFields().isEmpty()) {
            throw new InvalidItemException("A pull orders and pages by (updatedAt, id) itself and stores whole items:"
                    + " remove orderBy, skip and select from the pull query (use them when reading locally)");
        }
        if (queryId != null && !queryId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new InvalidItemException("Invalid query id '" + queryId + "': use 1 to 64 letters, digits, '_', '.'"
                    + " or '-'");
        }
        if (options.reconcile() && (query.topCount() >= 0 || options.maxItems() != Long.MAX_VALUE)) {
            throw new InvalidItemException("A reconciling pull must read the whole query to know which rows are"
                    + " gone: remove the query's top and the maxItems option, or do not reconcile");
        }
        this.engine = engine;
        this.table = table;
        this.definition = engine.table(table);
        this.query = query;
        this.queryId = queryId;
        this.options = options;
    }

    PullResult run() {
        ODataWriter odata = new ODataWriter(engine.client.dialect());
        // A reconciling pull reads the whole query again, so it starts without the saved position.
        Cursor cursor = queryId == null || options.reconcile() ? null
                : engine.locked(ops -> engine.config.deltaToken(ops, table, queryId)).map(Cursor::parse).orElse(null);
        long max = query.topCount() >= 0 ? Math.min(query.topCount(), options.maxItems()) : options.maxItems();
        int pageSize = Math.min(options.pageSize(), engine.client.dialect().maxTop());
        Set<String> returned = options.reconcile() ? new HashSet<>() : null;
        Counts counts = new Counts();
        int requests = 0;
        while (counts.received < max) {
            int ask = (int) Math.min(pageSize, max - counts.received);
            Page page = engine.client.list(table, parameters(odata, cursor, ask));
            requests++;
            if (page.items().size() > ask) {
                throw bad("the server sent " + page.items().size() + " rows for a request of " + ask
                        + " (it ignored $top)", null);
            }
            if (page.items().isEmpty()) {
                break;
            }
            // Every row is strictly after the cursor the request was sent with, so a page that is applied always
            // moves the cursor on: a server that ignores the cursor fails here instead of being asked forever.
            List<ServerRow> rows = validate(page, cursor);
            Cursor next = rows.get(rows.size() - 1).cursor;
            engine.locked(ops -> apply(ops, rows, next, counts));
            if (returned != null) {
                rows.forEach(r -> returned.add(r.id));
            }
            cursor = next;
            options.progress().accept(new PullProgress(table, requests, counts.received));
            // Only the server knows whether there is more: a full page, a Link rel=next header or a nextLink says
            // so. The next page is still asked with our own cursor (the Node server's Link lacks port and path).
            if (page.items().size() < ask && !page.linkNext() && page.nextLink() == null) {
                break;
            }
        }
        if (returned != null) {
            Cursor end = cursor;
            engine.locked(ops -> removeStale(ops, returned, end, counts));
        }
        LOG.log(System.Logger.Level.DEBUG, "pulled {0}: {1} rows in {2} requests", table, counts.received, requests);
        return new PullResult(table, requests, counts.received, counts.upserted, counts.deleted, counts.unchanged,
                counts.skippedPending, counts.removedStale);
    }

    private static final class Counts {
        long received;
        long upserted;
        long deleted;
        long unchanged;
        long skippedPending;
        long removedStale;
    }

    private record ServerRow(String id, boolean deleted, String version, Map<String, Object> row, Cursor cursor) {
    }

    private Map<String, String> parameters(ODataWriter odata, Cursor cursor, int top) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Predicate filter = filter(cursor);
        if (filter != null) {
            parameters.put("$filter", odata.filter(filter));
        }
        parameters.put("$orderby", "updatedAt,id");
        parameters.put("$top", Integer.toString(top));
        parameters.put(engine.client.dialect().includeDeletedParameter(), "true");
        return parameters;
    }

    private Predicate filter(Cursor cursor) {
        Predicate user = userFilter();
        if (cursor == null) {
            return user;
        }
        return user == null ? cursor.after() : new Predicate.And(List.of(user, cursor.after()));
    }

    private Predicate userFilter() {
        return query.filter() == null ? null : query.filter().predicate();
    }

    /** Checks a whole page before anything of it is applied; {@code sent} is the cursor the request carried. */
    private List<ServerRow> validate(Page page, Cursor sent) {
        Instant horizon = (page.serverDate() != null ? page.serverDate() : Instant.now()).plus(FUTURE_TOLERANCE);
        String clock = page.serverDate() != null ? "the server's Date header (" + page.serverDate() + ")"
                : "this device's clock (the answer had no Date header)";
        List<ServerRow> rows = new ArrayList<>(page.items().size());
        Set<String> ids = new HashSet<>();
        Cursor last = sent;
        for (ObjectNode item : page.items()) {
            String id = text(item, "id");
            try {
                Identifiers.requireValidId(id, table);
            } catch (InvalidItemException e) {
                throw bad("an item has an id this client cannot keep or ask for (" + e.getMessage() + ")", e);
            }
            String version = text(item, "version");
            boolean deleted = deletedFlag(item, id);
            Map<String, Object> row = deleted ? null : engine.serverRow(item, definition);
            if (row != null) {
                row.forEach((field, value) -> checkStorable(id, field, value));
            }
            Instant updatedAt = row != null && row.get("updatedAt") instanceof Instant parsed ? parsed
                    : updatedAt(item, id);
            if (updatedAt.isBefore(Instant.EPOCH) || updatedAt.isAfter(horizon)) {
                throw bad("item '" + id + "' has updatedAt " + updatedAt + ", outside 1970 to " + clock + " plus "
                        + FUTURE_TOLERANCE.toDays() + " day; the server's clock or data is wrong", null);
            }
            Cursor cursor = new Cursor(updatedAt, id);
            if (last != null && !cursor.isAfter(last)) {
                throw bad(last == sent ? "item '" + id + "' (" + updatedAt + ") is not after the cursor the request"
                        + " was sent with (" + sent.token() + "); the server ignored the filter"
                        : "item '" + id + "' is out of (updatedAt, id) order; the server ignored $orderby", null);
            }
            if (!ids.add(id)) {
                throw bad("item '" + id + "' appears twice in one page", null);
            }
            last = cursor;
            rows.add(new ServerRow(id, deleted, version, row, cursor));
        }
        return rows;
    }

    /** A date a store cannot keep would fail the page's transaction as a store failure; it is the server's. */
    private void checkStorable(String id, String field, Object value) {
        if (value instanceof Instant date && (date.isBefore(EARLIEST_DATE) || !date.isBefore(END_OF_DATES))) {
            throw bad("item '" + id + "' has " + field + " " + date + ", outside the years 1 to 9999", null);
        }
    }

    private boolean deletedFlag(ObjectNode item, String id) {
        JsonNode flag = item.get("deleted");
        if (flag == null || flag.isNull()) {
            return false;
        }
        if (!flag.isBoolean()) {
            throw bad("item '" + id + "' has a 'deleted' that is not a boolean (" + flag + ")", null);
        }
        return flag.booleanValue();
    }

    private Void apply(StoreOperations ops, List<ServerRow> rows, Cursor next, Counts counts) {
        List<String> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add(r.id));
        Set<String> pending = engine.queue.itemsWithOperations(ops, table, ids);
        Map<String, Object> localVersions = new HashMap<>();
        StoreQuery local = StoreQuery.where(table, new Predicate.In("id", new ArrayList<>(ids)))
                .withSelect(List.of("id", "version"));
        for (Map<String, Object> row : ops.read(local).rows()) {
            localVersions.put((String) row.get("id"), row.get("version"));
        }
        List<Map<String, Object>> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (ServerRow row : rows) {
            if (pending.contains(row.id)) {
                counts.skippedPending++;
            } else if (row.deleted) {
                if (localVersions.containsKey(row.id)) {
                    deletes.add(row.id);
                }
            } else if (localVersions.containsKey(row.id) && row.version.equals(localVersions.get(row.id))) {
                counts.unchanged++;
            } else {
                upserts.add(row.row);
            }
        }
        if (!upserts.isEmpty()) {
            ops.upsert(table, upserts);
        }
        if (!deletes.isEmpty()) {
            ops.delete(table, deletes);
        }
        // A reconciling pull saves its position only with its removals, when it has read everything.
        if (queryId != null && !options.reconcile()) {
            engine.config.saveDeltaToken(ops, table, queryId, next.token());
        }
        counts.received += rows.size();
        counts.upserted += upserts.size();
        counts.deleted += deletes.size();
        return null;
    }

    /**
     * The end of a reconciling pull: local rows that match the query's filter but were not returned are gone from
     * the server's answer for this query (changed to no longer match, or removed for good); rows with a queued
     * local change stay, as the push will decide about them. Committed with the final cursor.
     */
    private Void removeStale(StoreOperations ops, Set<String> returned, Cursor end, Counts counts) {
        List<String> stale = new ArrayList<>();
        for (Map<String, Object> row : ops.read(StoreQuery.where(table, userFilter()).withSelect(List.of("id")))
                .rows()) {
            String id = (String) row.get("id");
            if (!returned.contains(id)) {
                stale.add(id);
            }
        }
        stale.removeAll(engine.queue.itemsWithOperations(ops, table, stale));
        if (!stale.isEmpty()) {
            counts.removedStale += ops.delete(table, stale);
        }
        if (queryId != null && end != null) {
            engine.config.saveDeltaToken(ops, table, queryId, end.token());
        }
        return null;
    }

    /** The updatedAt of a tombstone, or of a row that lacks one (a live row's comes parsed with the row). */
    private Instant updatedAt(ObjectNode item, String id) {
        try {
            return Dates.parse(text(item, "updatedAt"));
        } catch (IllegalArgumentException e) {
            throw bad("item '" + id + "' has an unreadable updatedAt: " + e.getMessage(), e);
        }
    }

    private String text(ObjectNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw bad("an item lacks a string '" + field + "' (" + (value == null ? "missing" : value.toString())
                    + ")", null);
        }
        return value.textValue();
    }

    private ProtocolException bad(String what, Exception cause) {
        return new ProtocolException("Pull of " + table + " stopped: " + what + ". Nothing of this page was"
                + " applied; pages before it were", cause);
    }
}

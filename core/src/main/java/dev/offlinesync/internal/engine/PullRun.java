package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.engine.PullCursor.Cursor;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.internal.protocol.ListQuery;
import dev.offlinesync.internal.protocol.Page;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pull of one table: pages ordered by (updatedAt, id) and read with a cursor ({@link PullCursor}); each page is
 * applied in one transaction together with the cursor (saved as the delta token when there is a query id). Every answer is
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
        PullCursor scheme = new PullCursor(engine.client.protocol().exactTimestamps());
        // A reconciling pull reads the whole query again, so it starts without the saved position.
        Cursor cursor = queryId == null || options.reconcile() ? null
                : engine.locked(ops -> engine.config.deltaToken(ops, table, queryId)).map(scheme::load).orElse(null);
        long max = query.topCount() >= 0 ? Math.min(query.topCount(), options.maxItems()) : options.maxItems();
        int pageSize = Math.min(options.pageSize(), engine.client.protocol().maxTop());
        Set<String> returned = options.reconcile() ? new HashSet<>() : null;
        Counts counts = new Counts();
        int requests = 0;
        long serverTotal = -1;
        while (counts.received < max) {
            int ask = (int) Math.min(pageSize, max - counts.received);
            // the count of everything after the starting cursor
            ListQuery request = scheme.query(userFilter(), cursor, ask, options.countTotal() && requests == 0);
            Page page = engine.client.list(table, request);
            requests++;
            if (page.items().size() > ask) {
                throw bad("the server sent " + page.items().size() + " rows for a request of " + ask
                        + " (it ignored $top)", null);
            }
            if (page.items().isEmpty()) {
                if (scheme.inBucket(cursor)) {
                    cursor = scheme.afterBucket(cursor); // the millisecond is read; the rows after it are not
                    continue;
                }
                break;
            }
            // Only the server knows whether there is more: a full page, a Link rel=next header or a nextLink says
            // so. The next page is still asked with our own cursor (the Node server's Link lacks port and path,
            // and a next link pages by $skip, which loses rows when rows change between pages).
            boolean more = page.next() == Page.Next.MORE
                    || page.next() == Page.Next.UNKNOWN && page.items().size() == ask;
            // Every row is after the cursor the request was sent with, and each page moves the cursor on: a server
            // that ignores the cursor fails here instead of being asked forever.
            List<ServerRow> rows = validate(scheme, page, cursor);
            List<Cursor> positions = new ArrayList<>(rows.size());
            rows.forEach(r -> positions.add(r.cursor));
            Cursor next = scheme.next(cursor, positions, more);
            engine.locked(ops -> apply(ops, rows, next, counts));
            if (returned != null) {
                rows.forEach(r -> returned.add(r.id));
            }
            boolean bucket = scheme.inBucket(cursor);
            cursor = next;
            if (page.count() >= 0 && serverTotal < 0) {
                serverTotal = page.count();
            }
            PullProgress progress = new PullProgress(table, requests, counts.received, serverTotal);
            engine.observers.pageApplied(progress);
            options.progress().accept(progress);
            if (!more && !bucket) {
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

    private Predicate userFilter() {
        return query.filter() == null ? null : query.filter().predicate();
    }

    /** Checks a whole page before anything of it is applied; {@code sent} is the cursor the request carried. */
    private List<ServerRow> validate(PullCursor scheme, Page page, Cursor sent) {
        Instant horizon = (page.serverDate() != null ? page.serverDate() : Instant.now()).plus(FUTURE_TOLERANCE);
        String clock = page.serverDate() != null ? "the server's Date header (" + page.serverDate() + ")"
                : "this device's clock (the answer had no Date header)";
        List<ServerRow> rows = new ArrayList<>(page.items().size());
        Set<String> ids = new HashSet<>();
        Cursor last = null;
        for (ObjectNode item : page.items()) {
            String id = text(item, "id");
            try {
                Identifiers.requireValidId(id, table);
            } catch (InvalidItemException e) {
                throw bad("an item has an id this client cannot keep or ask for (" + e.getMessage() + ")", e);
            }
            String version = text(item, SystemColumns.VERSION);
            boolean deleted = deletedFlag(item, id);
            Map<String, Object> row = deleted ? null : engine.serverRow(item, definition);
            if (row != null) {
                row.forEach((field, value) -> checkStorable(id, field, value));
            }
            Instant updatedAt = row != null && row.get(SystemColumns.UPDATED_AT) instanceof Instant parsed ? parsed
                    : updatedAt(item, id);
            if (updatedAt.isBefore(Instant.EPOCH) || updatedAt.isAfter(horizon)) {
                throw bad("item '" + id + "' has updatedAt " + updatedAt + ", outside 1970 to " + clock + " plus "
                        + FUTURE_TOLERANCE.toDays() + " day; the server's clock or data is wrong", null);
            }
            Cursor cursor = new Cursor(updatedAt, id);
            String disorder = scheme.disorder(sent, last, cursor);
            if (disorder != null) {
                throw bad(disorder, null);
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
        JsonNode flag = item.get(SystemColumns.DELETED);
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
            List<String> inserted = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            upserts.forEach(r -> (localVersions.containsKey((String) r.get("id")) ? updated : inserted)
                    .add((String) r.get("id")));
            engine.changes().inserted(Origin.PULL, table, inserted);
            engine.changes().updated(Origin.PULL, table, updated);
        }
        if (!deletes.isEmpty()) {
            ops.delete(table, deletes);
            engine.changes().deleted(Origin.PULL, table, deletes);
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
            engine.changes().deleted(Origin.PULL, table, stale);
        }
        if (queryId != null && end != null) {
            engine.config.saveDeltaToken(ops, table, queryId, end.token());
        }
        return null;
    }

    /** The updatedAt of a tombstone, or of a row that lacks one (a live row's comes parsed with the row). */
    private Instant updatedAt(ObjectNode item, String id) {
        try {
            return Dates.parse(text(item, SystemColumns.UPDATED_AT));
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

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
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pull of one table: pages ordered by (updatedAt, id) and read with a keyset cursor; each page is applied in
 * one transaction together with the cursor (saved as the delta token when there is a query id).
 */
final class PullRun {

    private static final System.Logger LOG = System.getLogger(PullRun.class.getName());

    /** Where a pull stands: after the row with this updatedAt and id. */
    record Cursor(Instant updatedAt, String id) {
        String token() {
            return Dates.format(updatedAt) + "|" + id;
        }

        static Cursor parse(String token) {
            int bar = token.indexOf('|');
            return new Cursor(Dates.parse(token.substring(0, bar)), token.substring(bar + 1));
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
        this.engine = engine;
        this.table = table;
        this.definition = engine.table(table);
        this.query = query;
        this.queryId = queryId;
        this.options = options;
    }

    PullResult run() {
        ODataWriter odata = new ODataWriter(engine.client.dialect());
        Cursor cursor = queryId == null ? null : engine.locked(ops -> engine.config.deltaToken(ops, table, queryId))
                .map(Cursor::parse).orElse(null);
        long max = query.topCount() >= 0 ? Math.min(query.topCount(), options.maxItems()) : options.maxItems();
        int pageSize = Math.min(options.pageSize(), engine.client.dialect().maxTop());
        Counts counts = new Counts();
        int requests = 0;
        while (counts.received < max) {
            int ask = (int) Math.min(pageSize, max - counts.received);
            Map<String, String> parameters = new LinkedHashMap<>();
            Predicate filter = filter(cursor);
            if (filter != null) {
                parameters.put("$filter", odata.filter(filter));
            }
            parameters.put("$orderby", "updatedAt,id");
            parameters.put("$top", Integer.toString(ask));
            parameters.put(engine.client.dialect().includeDeletedParameter(), "true");
            Page page = engine.client.list(table, parameters);
            requests++;
            if (page.items().isEmpty()) {
                break;
            }
            List<ServerRow> rows = validate(page.items(), cursor);
            Cursor next = rows.get(rows.size() - 1).cursor;
            engine.locked(ops -> apply(ops, rows, next, counts));
            cursor = next;
            options.progress().accept(new PullProgress(table, requests, counts.received));
            if (page.items().size() < ask && page.nextLink() == null) {
                break;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "pulled {0}: {1} rows in {2} requests", table, counts.received, requests);
        return new PullResult(table, requests, counts.received, counts.upserted, counts.deleted, counts.unchanged,
                counts.skippedPending);
    }

    private static final class Counts {
        long received;
        long upserted;
        long deleted;
        long unchanged;
        long skippedPending;
    }

    private record ServerRow(String id, boolean deleted, String version, Map<String, Object> row, Cursor cursor) {
    }

    private Predicate filter(Cursor cursor) {
        Predicate user = query.filter() == null ? null : query.filter().predicate();
        if (cursor == null) {
            return user;
        }
        return user == null ? cursor.after() : new Predicate.And(List.of(user, cursor.after()));
    }

    /** Checks a whole page before anything of it is applied. */
    private List<ServerRow> validate(List<ObjectNode> items, Cursor previous) {
        List<ServerRow> rows = new ArrayList<>(items.size());
        Cursor last = previous;
        for (ObjectNode item : items) {
            String id = text(item, "id");
            String version = text(item, "version");
            JsonNode deletedFlag = item.get("deleted");
            boolean deleted = deletedFlag != null && deletedFlag.asBoolean(false);
            Map<String, Object> row = deleted ? null : engine.serverRow(item, definition);
            Instant updatedAt = row != null && row.get("updatedAt") instanceof Instant parsed ? parsed
                    : updatedAt(item, id);
            Cursor cursor = new Cursor(updatedAt, id);
            if (last != null && (updatedAt.isBefore(last.updatedAt) || cursor.equals(last))) {
                throw bad("item '" + id + "' is out of (updatedAt, id) order; the server ignored $orderby or the"
                        + " filter", null);
            }
            last = cursor;
            rows.add(new ServerRow(id, deleted, version, row, cursor));
        }
        return rows;
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
        if (queryId != null) {
            engine.config.saveDeltaToken(ops, table, queryId, next.token());
        }
        counts.received += rows.size();
        counts.upserted += upserts.size();
        counts.deleted += deletes.size();
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

package dev.offlinesync.internal.engine;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullProgress;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.engine.PageFetcher.Fetched;
import dev.offlinesync.internal.engine.PageFetcher.ServerRow;
import dev.offlinesync.internal.engine.PullCursor.Cursor;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.Written;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One pull of one table: pages ordered by (updatedAt, id) and read with a cursor ({@link PullCursor}), fetched and
 * checked by a {@link PageFetcher} (ahead, on another thread, after the first); each page is
 * applied in one transaction together with the cursor (saved as the delta token when there is a query id). Every answer is
 * checked whole before any of it is written: rows strictly after the cursor and in order, readable system
 * columns, dates a store can keep and updatedAt within the server's clock; anything else is a
 * {@link ProtocolException} that leaves rows and cursor as they were.
 */
final class PullRun {

    private static final System.Logger LOG = System.getLogger(PullRun.class.getName());

    /**
     * Rows a first pull (no saved position) may apply in one transaction: pages that arrived while the one before
     * was committing are committed together, with the cursor of the last one.
     */
    static final int FIRST_PULL_BATCH_ROWS = 4_000;
    /** Checked pages waiting to be applied while the next one is fetched: the pull's memory is this many pages. */
    private static final int PAGES_AHEAD = 2;
    /** A query id as the delta token's key takes it; compiled once, not on every pull. */
    private static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final EngineParts engine;
    private final String table;
    private final Query query;
    private final String queryId;
    private final PullOptions options;
    private final PullCursor scheme;
    /** Whether the table was empty when this first pull applied its first page (null until then). */
    private Boolean startedEmpty;

    PullRun(EngineParts engine, String table, Query query, String queryId, PullOptions options) {
        if (!query.orderings().isEmpty() || query.skipCount() > 0 || !query.selectedFields().isEmpty()) {
            throw new InvalidItemException("A pull orders and pages by (updatedAt, id) itself and stores whole items:"
                    + " remove orderBy, skip and select from the pull query (use them when reading locally)");
        }
        if (queryId != null && !QUERY_ID.matcher(queryId).matches()) {
            throw new InvalidItemException("Invalid query id '" + queryId + "': use 1 to 64 letters, digits, '_', '.'"
                    + " or '-'");
        }
        if (options.reconcile() && (query.topCount() >= 0 || options.maxItems() != Long.MAX_VALUE)) {
            throw new InvalidItemException("A reconciling pull must read the whole query to know which rows are"
                    + " gone: remove the query's top and the maxItems option, or do not reconcile");
        }
        this.engine = engine;
        this.table = table;
        engine.table(table); // fails at once for a table that was never defined
        this.query = query;
        this.queryId = queryId;
        this.options = options;
        this.scheme = new PullCursor(engine.client.protocol().exactTimestamps());
    }

    /**
     * What a pull reads before it asks the server anything.
     *
     * @param pending whether operations are queued (for any table): they are pushed before the pull
     * @param cursor  where the pull starts, {@code null} for the beginning
     */
    record Start(boolean pending, Cursor cursor) {
    }

    /** Reads, in the caller's transaction, whether to push first and where to start. */
    Start start(StoreOperations ops) {
        boolean pending = engine.queue.count(ops, null) > 0;
        // A reconciling pull reads the whole query again, so it starts without the saved position.
        Cursor cursor = queryId == null || options.reconcile() ? null
                : engine.config.deltaToken(ops, table, queryId).map(scheme::load).orElse(null);
        return new Start(pending, cursor);
    }

    /** Pulls from {@code start} (read with {@link #start}). */
    PullResult run(Cursor start) {
        long max = query.topCount() >= 0 ? Math.min(query.topCount(), options.maxItems()) : options.maxItems();
        int pageSize = Math.min(options.pageSize(), engine.client.protocol().maxTop());
        PageFetcher fetcher = new PageFetcher(engine, table, userFilter(), scheme, pageSize, max, options.countTotal());
        Set<String> returned = options.reconcile() ? new HashSet<>() : null;
        Counts counts = new Counts();
        Cursor cursor = start;
        Fetched page = fetcher.fetch(start, 0, true);
        int requests = page.requests();
        int appliedRequests = 0;
        long serverTotal = -1;
        // The pages after the first are fetched and checked on another thread while this one commits: the network and
        // the parser use the second core instead of waiting for the store.
        Prefetch ahead = page.last() ? null
                : new Prefetch(fetcher, page.next(), page.rows().size(), PAGES_AHEAD, table);
        try {
            while (!page.rows().isEmpty()) {
                List<Fetched> batch = new ArrayList<>(List.of(page));
                int rows = page.rows().size();
                Fetched end = null;
                // A first pull commits the pages that are already there with this one (fewer, larger transactions).
                while (start == null && !batch.get(batch.size() - 1).last() && rows < FIRST_PULL_BATCH_ROWS) {
                    Fetched arrived = ahead.poll();
                    if (arrived == null) {
                        break;
                    }
                    requests += arrived.requests();
                    if (arrived.rows().isEmpty()) {
                        end = arrived;
                        break;
                    }
                    batch.add(arrived);
                    rows += arrived.rows().size();
                }
                long received = counts.received;
                engine.locked(ops -> apply(ops, batch, start == null, counts));
                for (Fetched applied : batch) {
                    // Each page of a batch reports the rows up to and including it, not the whole batch's.
                    received += applied.rows().size();
                    if (returned != null) {
                        applied.rows().forEach(r -> returned.add(r.id()));
                    }
                    cursor = applied.next();
                    appliedRequests += applied.requests();
                    if (applied.count() >= 0 && serverTotal < 0) {
                        serverTotal = applied.count();
                    }
                    PullProgress progress = new PullProgress(table, appliedRequests, received, serverTotal);
                    engine.observers.pageApplied(progress);
                    options.progress().accept(progress);
                }
                if (end == null && batch.get(batch.size() - 1).last()) {
                    break;
                }
                if (end == null) {
                    end = ahead.take();
                    requests += end.requests();
                }
                page = end;
            }
        } finally {
            if (ahead != null) {
                ahead.stop();
            }
        }
        if (page.rows().isEmpty()) {
            cursor = page.next(); // where the pull stands after reading an empty millisecond bucket
        }
        if (returned != null) {
            Cursor last = cursor;
            engine.locked(ops -> removeStale(ops, returned, last, counts));
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

    private Predicate userFilter() {
        return query.filter() == null ? null : query.filter().predicate();
    }

    /**
     * Applies checked pages in one transaction, with the cursor of the last one. Reads that cannot find anything are
     * skipped: which rows have a queued operation when nothing is queued at all, and, on a first pull into a table
     * that was empty when it started, which rows exist locally (only this pull can have written them; a tombstone
     * still looks up its own row). A row this pull wrote and gets again on a later page is then reported as inserted
     * again rather than updated.
     */
    private Void apply(StoreOperations ops, List<Fetched> batch, boolean firstPull, Counts counts) {
        boolean nothingQueued = engine.queue.lastSequence(ops) == 0;
        if (firstPull && startedEmpty == null) {
            startedEmpty = ops.read(StoreQuery.all(table).withTop(1).withSelect(List.of("id"))).rows().isEmpty();
        }
        boolean onlyOurRows = nothingQueued && firstPull && startedEmpty;
        for (Fetched page : batch) {
            applyPage(ops, page, nothingQueued, onlyOurRows, counts);
        }
        saveCursor(ops, batch.get(batch.size() - 1).next());
        return null;
    }

    /**
     * Applies one page. Rows with a queued operation are left alone; the others are written by the store in one pass
     * that says which it inserted, which it updated and which it left as they were (same version), so no row is read
     * first; only the tombstones' ids are looked up, to delete and report the rows that are there. The rows are
     * walked in id order (the order a store's batch write keeps) and each outcome is matched to its row by position.
     */
    private void applyPage(StoreOperations ops, Fetched page, boolean nothingQueued, boolean onlyOurRows,
                           Counts counts) {
        List<ServerRow> byId = page.byId();
        Set<String> pending = nothingQueued ? Set.of() : engine.queue.itemsWithOperations(ops, table,
                byId.stream().map(ServerRow::id).toList());
        List<Map<String, Object>> writes = new ArrayList<>(byId.size());
        List<String> writeIds = new ArrayList<>(byId.size());
        List<String> tombstones = new ArrayList<>();
        for (ServerRow row : byId) {
            if (!pending.isEmpty() && pending.contains(row.id())) {
                counts.skippedPending++;
            } else if (row.deleted()) {
                tombstones.add(row.id());
            } else {
                writes.add(row.row());
                writeIds.add(row.id());
            }
        }
        List<String> inserted = writeIds;
        List<String> updated = new ArrayList<>();
        if (onlyOurRows) {
            if (!writes.isEmpty()) {
                ops.upsert(table, writes);
            }
        } else if (!writes.isEmpty()) {
            List<Written> outcomes = ops.upsertChanged(table, writes, SystemColumns.VERSION);
            inserted = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                switch (outcomes.get(i)) {
                    case INSERTED -> inserted.add(writeIds.get(i));
                    case UPDATED -> updated.add(writeIds.get(i));
                    case UNCHANGED -> counts.unchanged++;
                }
            }
        }
        List<String> deletes = new ArrayList<>();
        if (!tombstones.isEmpty()) {
            StoreQuery local = StoreQuery.where(table, new Predicate.In("id", new ArrayList<>(tombstones)))
                    .withSelect(List.of("id"));
            Set<String> stored = new HashSet<>();
            for (Map<String, Object> row : ops.read(local).rows()) {
                stored.add((String) row.get("id"));
            }
            for (String id : tombstones) {
                if (stored.contains(id)) {
                    deletes.add(id);
                }
            }
        }
        if (!inserted.isEmpty() || !updated.isEmpty()) {
            engine.changes().inserted(Origin.PULL, table, inserted);
            engine.changes().updated(Origin.PULL, table, updated);
            counts.upserted += inserted.size() + updated.size();
        }
        if (!deletes.isEmpty()) {
            ops.delete(table, deletes);
            engine.changes().deleted(Origin.PULL, table, deletes);
        }
        counts.received += byId.size();
        counts.deleted += deletes.size();
    }

    private void saveCursor(StoreOperations ops, Cursor next) {
        // A reconciling pull saves its position only with its removals, when it has read everything.
        if (queryId != null && !options.reconcile()) {
            engine.config.saveDeltaToken(ops, table, queryId, next.token());
        }
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

}

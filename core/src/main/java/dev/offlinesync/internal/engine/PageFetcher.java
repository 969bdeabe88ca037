package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.internal.engine.PullCursor.Cursor;
import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.internal.protocol.ListQuery;
import dev.offlinesync.internal.protocol.Page;
import dev.offlinesync.internal.protocol.PageItem;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Asks for the pages of a pull and checks each one whole before it may be applied: rows strictly after the cursor
 * and in order, readable system columns, dates a store can keep and updatedAt within the server's clock; anything
 * else is a {@link ProtocolException}. Touches no store, so it may run on another thread than the one applying
 * pages.
 */
final class PageFetcher {

    /**
     * How far a row's updatedAt may be ahead of the answer's Date header (or, without one, of this device's clock):
     * room for a database clock that differs from its web server's; a later date is a server error and never
     * becomes a cursor (it would hide every real change made before it).
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** The dates every store keeps and the wire form writes with four year digits: years 1 to 9999. */
    private static final Instant EARLIEST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_DATES = Instant.parse("+10000-01-01T00:00:00Z");

    record ServerRow(String id, boolean deleted, String version, Map<String, Object> row, Cursor cursor) {
    }

    /**
     * A checked page. {@code rows} empty: the pull is at its end ({@code next} is where it stands). {@code byId}: the
     * same rows ordered by id, the order a store writes a batch in, sorted here, off the thread that applies pages.
     * {@code last}: no page follows. {@code requests}: how many requests it took (empty pages of a millisecond
     * bucket included).
     */
    record Fetched(List<ServerRow> rows, List<ServerRow> byId, Cursor next, long count, boolean last, int requests) {
    }

    private static final Comparator<ServerRow> BY_ID = Comparator.comparing(ServerRow::id);

    private final EngineParts engine;
    private final String table;
    private final TableDefinition definition;
    private final Predicate userFilter;
    private final PullCursor scheme;
    private final int pageSize;
    private final long max;
    private final boolean countTotal;

    PageFetcher(EngineParts engine, String table, Predicate userFilter, PullCursor scheme, int pageSize, long max,
                boolean countTotal) {
        this.engine = engine;
        this.table = table;
        this.definition = engine.table(table);
        this.userFilter = userFilter;
        this.scheme = scheme;
        this.pageSize = pageSize;
        this.max = max;
        this.countTotal = countTotal;
    }

    /** The page after {@code cursor}, when {@code received} rows came before it ({@code first}: none asked yet). */
    Fetched fetch(Cursor cursor, long received, boolean first) {
        int requests = 0;
        while (received < max) {
            int ask = (int) Math.min(pageSize, max - received);
            // the count of everything after the starting cursor
            ListQuery request = scheme.query(userFilter, cursor, ask, countTotal && first && requests == 0);
            Page page = engine.client.list(table, request, definition::typeOf);
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
            List<ServerRow> checked = validate(scheme, page, cursor);
            // Sorted whole, so that an id sent twice is found next to itself; the sort is needed anyway, as a store
            // writes a batch in id order, and it runs here, off the thread that applies pages.
            List<ServerRow> byId = new ArrayList<>(checked);
            byId.sort(BY_ID);
            for (int i = 1; i < byId.size(); i++) {
                if (byId.get(i).id().equals(byId.get(i - 1).id())) {
                    throw bad("item '" + byId.get(i).id() + "' appears twice in one page", null);
                }
            }
            Cursor next = scheme.next(cursor, checked.get(0).cursor(), checked.get(checked.size() - 1).cursor(),
                    more);
            List<ServerRow> rows = checked;
            if (scheme.remembers()) {
                rows = new ArrayList<>(checked.size());
                for (ServerRow row : checked) {
                    if (!scheme.repeated(row.cursor(), row.version())) {
                        rows.add(row);
                    }
                }
                if (rows.size() < checked.size()) {
                    byId.removeIf(row -> scheme.repeated(row.cursor(), row.version()));
                }
                scheme.remember(checked, next);
            }
            boolean last = !more && !scheme.inBucket(cursor) || received + rows.size() >= max;
            if (rows.isEmpty() && !last) {
                // only rows this pull already has (a millisecond read again): ask on from where they end
                cursor = next;
                continue;
            }
            return new Fetched(rows, byId, next, page.count(), last, requests);
        }
        return new Fetched(List.of(), List.of(), cursor, -1, true, requests);
    }

    /**
     * Checks each row of a page before anything of it is applied ({@link #fetch} then looks for an id sent twice);
     * {@code sent} is the cursor the request carried.
     */
    private List<ServerRow> validate(PullCursor scheme, Page page, Cursor sent) {
        Instant horizon = (page.serverDate() != null ? page.serverDate() : Instant.now()).plus(FUTURE_TOLERANCE);
        List<ServerRow> rows = new ArrayList<>(page.items().size());
        Cursor last = null;
        for (PageItem item : page.items()) {
            String id = text(item.id(), "id");
            try {
                Identifiers.requireValidId(id, table);
            } catch (InvalidItemException e) {
                throw bad("an item has an id this client cannot keep or ask for (" + e.getMessage() + ")", e);
            }
            String version = text(item.version(), SystemColumns.VERSION);
            boolean deleted = deletedFlag(item.deleted(), id);
            if (!deleted && item.failure() != null) {
                throw EngineParts.badServerItem(id, definition, item.failure());
            }
            Map<String, Object> row = deleted ? null : item.row();
            PageItem.Dates dates = item.dates();
            // only a row that read a date outside what a store keeps is searched for the field that holds it
            if (row != null && dates.earliest() != null && (dates.earliest().isBefore(EARLIEST_DATE)
                    || !dates.latest().isBefore(END_OF_DATES))) {
                row.forEach((field, value) -> checkStorable(id, field, value));
            }
            Instant updatedAt = row != null && dates.updatedAt() != null ? dates.updatedAt()
                    : updatedAt(item.updatedAt(), id);
            if (updatedAt.isBefore(Instant.EPOCH) || updatedAt.isAfter(horizon)) {
                String clock = page.serverDate() != null ? "the server's Date header (" + page.serverDate() + ")"
                        : "this device's clock (the answer had no Date header)";
                throw bad("item '" + id + "' has updatedAt " + updatedAt + ", outside 1970 to " + clock + " plus "
                        + FUTURE_TOLERANCE.toDays() + " day; the server's clock or data is wrong", null);
            }
            Cursor cursor = new Cursor(updatedAt, id);
            String disorder = scheme.disorder(sent, last, cursor);
            if (disorder != null) {
                throw bad(disorder, null);
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

    private boolean deletedFlag(JsonNode flag, String id) {
        if (flag == null || flag.isNull()) {
            return false;
        }
        if (!flag.isBoolean()) {
            throw bad("item '" + id + "' has a 'deleted' that is not a boolean (" + flag + ")", null);
        }
        return flag.booleanValue();
    }

    /** The updatedAt of a tombstone, or of a row that lacks one (a live row's comes parsed with the row). */
    private Instant updatedAt(JsonNode value, String id) {
        try {
            return Dates.parse(text(value, SystemColumns.UPDATED_AT));
        } catch (IllegalArgumentException e) {
            throw bad("item '" + id + "' has an unreadable updatedAt: " + e.getMessage(), e);
        }
    }

    private String text(JsonNode value, String field) {
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw bad("an item lacks a string '" + field + "' (" + (value == null ? "missing" : value.toString())
                    + ")", null);
        }
        return value.textValue();
    }

    private ProtocolException bad(String what, Exception cause) {
        return new ProtocolException("Pull of " + table + " stopped: " + what + ". Nothing of this page was"
                + " applied; pages before it were: check the server (or a proxy between) and pull again", cause);
    }
}

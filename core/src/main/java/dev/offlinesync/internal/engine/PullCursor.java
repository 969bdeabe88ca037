package dev.offlinesync.internal.engine;

import dev.offlinesync.internal.json.Dates;
import dev.offlinesync.internal.protocol.ListQuery;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a pull stands and how the next page is asked for and checked, in one of two schemes.
 *
 * <p><b>Keyset</b> (servers that keep updatedAt with the milliseconds they send): pages ordered by (updatedAt, id)
 * and asked with {@code (updatedAt gt T) or (updatedAt eq T and id gt X)}; every row is strictly after the cursor
 * and after the row before it, so nothing is lost or repeated.
 *
 * <p><b>Millisecond buckets</b> (servers that may keep more precision than they send, e.g. SQL Server's
 * datetimeoffset(7) behind Datasync): the wire value T stands for every stored time in [T, T + 1 ms), and the server
 * orders the rows of one such millisecond by the hidden remainder before the id. So {@code updatedAt eq T} matches
 * nothing and {@code updatedAt gt T} matches the whole millisecond again: a keyset cursor (T, X) gets the same rows
 * back and never gets past them, and one that dropped rows up to (T, X) would lose rows of millisecond T whose id
 * is below X but whose hidden remainder is later. This scheme never compares inside a millisecond by the
 * remainder: a cursor is either
 * <i>open</i> at T ({@code updatedAt ge T}: all of millisecond T again, then later ones; rows of T that were read
 * already come again, which applying tolerates) or <i>in the bucket</i> T after id X ({@code updatedAt ge T and
 * updatedAt lt T+1ms and id gt X}, ordered by id alone, which is an exact keyset inside the millisecond). A page
 * ends open at its last row's millisecond; a full page that holds one millisecond only goes into that bucket,
 * and a bucket read to its end goes on open at the next millisecond. Every row of a millisecond is thus read by an
 * open request that starts at it or by the bucket's id keyset: none is lost, and each request moves on.
 */
final class PullCursor {

    private static final Duration MILLISECOND = Duration.ofMillis(1);

    /**
     * A position: after the row (updatedAt, id) for the keyset scheme; for buckets, open at updatedAt when
     * {@code id} is {@code null}, else in the bucket updatedAt after id.
     */
    record Cursor(Instant updatedAt, String id) {
        String token() {
            return id == null ? Dates.format(updatedAt) : Dates.format(updatedAt) + "|" + id;
        }

        static Cursor parse(String token) {
            int bar = token.indexOf('|');
            return bar < 0 ? new Cursor(Dates.parse(token), null)
                    : new Cursor(Dates.parse(token.substring(0, bar)), token.substring(bar + 1));
        }

        /** Whether this cursor comes after the other in the servers' order: ids by code point (UTF-8 bytes). */
        boolean isAfter(Cursor other) {
            int byTime = updatedAt.compareTo(other.updatedAt);
            return byTime > 0 || byTime == 0 && InMemoryEvaluator.compareValues(id, other.id) > 0;
        }
    }

    private final boolean keyset;
    /** The millisecond the next request reads again, and the versions of its rows already read (by id). */
    private Instant boundary;
    private final Map<String, String> readAtBoundary = new HashMap<>();

    PullCursor(boolean exactTimestamps) {
        this.keyset = exactTimestamps;
    }

    /** Whether a row is one read already from the millisecond read again, unchanged: a repeat, not news. */
    boolean repeated(Cursor row, String version) {
        return row.updatedAt().equals(boundary) && version.equals(readAtBoundary.get(row.id()));
    }

    /** Whether a page's rows may be ones read already (the bucket scheme reads a millisecond again). */
    boolean remembers() {
        return !keyset;
    }

    /**
     * Remembers the rows of a page that the next request reads again (those of the cursor's millisecond, for the
     * bucket scheme); the memory holds one millisecond's ids and versions at most.
     */
    void remember(List<PageFetcher.ServerRow> rows, Cursor next) {
        if (keyset) {
            return;
        }
        if (!next.updatedAt().equals(boundary)) {
            boundary = next.updatedAt();
            readAtBoundary.clear();
        }
        for (PageFetcher.ServerRow row : rows) {
            if (row.cursor().updatedAt().equals(boundary)) {
                readAtBoundary.put(row.id(), row.version());
            }
        }
    }

    /** A saved cursor; the keyset scheme reads a bucket scheme's open cursor as after id "" (its millisecond again). */
    Cursor load(String token) {
        Cursor cursor = Cursor.parse(token);
        return keyset && cursor.id() == null ? new Cursor(cursor.updatedAt(), "") : cursor;
    }

    /** Whether the cursor reads inside one millisecond (whose end is not the end of the pull). */
    boolean inBucket(Cursor cursor) {
        return !keyset && cursor != null && cursor.id() != null;
    }

    /** The request for the rows after the cursor ({@code null}: from the start) within the user's filter. */
    ListQuery query(Predicate user, Cursor cursor, int top, boolean count) {
        List<String> order = List.of(SystemColumns.UPDATED_AT, SystemColumns.ID);
        List<Predicate> parts = new ArrayList<>();
        if (user != null) {
            parts.add(user);
        }
        if (cursor != null && keyset) {
            parts.add(new Predicate.Or(List.of(
                    new Predicate.Comparison(SystemColumns.UPDATED_AT, Predicate.Op.GT, cursor.updatedAt()),
                    new Predicate.And(List.of(
                            new Predicate.Comparison(SystemColumns.UPDATED_AT, Predicate.Op.EQ, cursor.updatedAt()),
                            new Predicate.Comparison(SystemColumns.ID, Predicate.Op.GT, cursor.id()))))));
        } else if (cursor != null) {
            parts.add(new Predicate.Comparison(SystemColumns.UPDATED_AT, Predicate.Op.GE, cursor.updatedAt()));
            if (cursor.id() != null) {
                parts.add(new Predicate.Comparison(SystemColumns.UPDATED_AT, Predicate.Op.LT,
                        cursor.updatedAt().plus(MILLISECOND)));
                parts.add(new Predicate.Comparison(SystemColumns.ID, Predicate.Op.GT, cursor.id()));
                order = List.of(SystemColumns.ID);
            }
        }
        Predicate filter = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new Predicate.And(parts);
        return new ListQuery(filter, order, top, count, true);
    }

    /**
     * Why a row may not follow {@code previous} (the row before it in the page, or {@code null}) in an answer to a
     * request sent with {@code sent}; {@code null} when it may.
     */
    String disorder(Cursor sent, Cursor previous, Cursor row) {
        if (keyset) {
            Cursor last = previous != null ? previous : sent;
            if (last != null && !row.isAfter(last)) {
                return previous == null ? notAfter(sent, row)
                        : "item '" + row.id() + "' is out of (updatedAt, id) order; the server ignored $orderby";
            }
            return null;
        }
        boolean bucket = inBucket(sent);
        if (sent != null && (bucket ? !row.updatedAt().equals(sent.updatedAt())
                || InMemoryEvaluator.compareValues(row.id(), sent.id()) <= 0
                : row.updatedAt().isBefore(sent.updatedAt()))) {
            return notAfter(sent, row);
        }
        if (previous != null && (bucket ? InMemoryEvaluator.compareValues(row.id(), previous.id()) <= 0
                : row.updatedAt().isBefore(previous.updatedAt()))) {
            return "item '" + row.id() + "' is out of " + (bucket ? "id" : "updatedAt") + " order; the server"
                    + " ignored $orderby";
        }
        return null;
    }

    /** Built only when a row is refused: checking a row must not format dates for a message nobody reads. */
    private static String notAfter(Cursor sent, Cursor row) {
        return "item '" + row.id() + "' (" + row.updatedAt() + ") is not after the cursor the request was sent with ("
                + (sent == null ? "" : sent.token()) + "); the server ignored the filter";
    }

    /**
     * The cursor after a page of rows (the positions of its first and last), sent with {@code sent}; {@code more}
     * says the server may have more rows for that request.
     */
    Cursor next(Cursor sent, Cursor first, Cursor last, boolean more) {
        if (keyset) {
            return last;
        }
        if (inBucket(sent)) {
            return more ? last : new Cursor(sent.updatedAt().plus(MILLISECOND), null);
        }
        if (more && first.updatedAt().equals(last.updatedAt())) {
            return new Cursor(last.updatedAt(), ""); // one millisecond fills the page: read it by id
        }
        return new Cursor(last.updatedAt(), null);
    }

    /** Where a bucket that answered nothing more goes on: open at the next millisecond. */
    Cursor afterBucket(Cursor cursor) {
        return new Cursor(cursor.updatedAt().plus(MILLISECOND), null);
    }
}

package dev.offlinesync.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.internal.engine.PullCursor.Cursor;
import dev.offlinesync.internal.protocol.ListQuery;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The millisecond-bucket scheme against a server that keeps updatedAt in 100 ns steps, sends milliseconds, compares
 * filters with its full precision and orders by the full value then id (SQL Server's datetimeoffset(7) behind
 * Datasync). Pages are cut short by the server's own page size, pulls are interrupted and resumed from the saved
 * token, and rows change between pages; afterwards one more pull must leave the client with every row's latest
 * version: repeats are allowed, losses are not.
 */
class PullCursorTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    /** A row as the server stores it: updatedAt with sub-millisecond precision. */
    private record Stored(String id, Instant updatedAt, String version) {
    }

    private static final class SubMillisecondServer {
        final Map<String, Stored> rows = new HashMap<>();
        final int pageCap;
        Instant clock;
        int versions;

        SubMillisecondServer(int pageCap, Instant clock) {
            this.pageCap = pageCap;
            this.clock = clock;
        }

        void write(String id, Instant at) {
            rows.put(id, new Stored(id, at, "v" + ++versions));
        }

        /** The rows of a list request, in the server's order, and whether more remained. */
        List<Stored> list(ListQuery query, boolean[] more) {
            Comparator<Stored> byId = (a, b) -> InMemoryEvaluator.compareValues(a.id, b.id);
            Comparator<Stored> order = query.orderBy().get(0).equals("id") ? byId
                    : Comparator.comparing(Stored::updatedAt).thenComparing(byId);
            List<Stored> matching = rows.values().stream().filter(r -> matches(query.filter(), r)).sorted(order)
                    .toList();
            int n = Math.min(Math.min(query.top(), pageCap), matching.size());
            more[0] = n < matching.size();
            return matching.subList(0, n);
        }

        private static boolean matches(Predicate predicate, Stored row) {
            if (predicate == null) {
                return true;
            }
            if (predicate instanceof Predicate.And and) {
                return and.operands().stream().allMatch(p -> matches(p, row));
            }
            if (predicate instanceof Predicate.Or or) {
                return or.operands().stream().anyMatch(p -> matches(p, row));
            }
            Predicate.Comparison c = (Predicate.Comparison) predicate;
            int cmp = c.field().equals("id") ? InMemoryEvaluator.compareValues(row.id, c.value())
                    : row.updatedAt.compareTo((Instant) c.value());
            return switch (c.op()) {
                case EQ -> cmp == 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                case LT -> cmp < 0;
                default -> throw new IllegalArgumentException(c.op().toString());
            };
        }
    }

    /** What the client holds (id to version) and where its pull stands (the saved token). */
    private static final class Client {
        final Map<String, String> local = new HashMap<>();
        String token;
        int requests;
    }

    /**
     * One pull, as the pull run does it: from the saved token, page by page, each page checked, its new rows applied
     * and the cursor saved; {@code between} runs after each page (the server changing, or the pull being cut).
     * Returns false when {@code between} interrupted it.
     */
    private static boolean pull(SubMillisecondServer server, Client client, int pageSize, Random random,
                                double changeRate, double interruptRate) {
        PullCursor scheme = new PullCursor(false);
        Cursor cursor = client.token == null ? null : scheme.load(client.token);
        while (true) {
            boolean[] more = new boolean[1];
            List<Stored> answer = server.list(scheme.query(null, cursor, pageSize, false), more);
            client.requests++;
            assertTrue(client.requests < 100_000, "the pull does not end");
            if (answer.isEmpty()) {
                if (scheme.inBucket(cursor)) {
                    cursor = scheme.afterBucket(cursor);
                    continue;
                }
                return true;
            }
            List<PageFetcher.ServerRow> rows = new ArrayList<>();
            Cursor previous = null;
            for (Stored row : answer) {
                Cursor position = new Cursor(row.updatedAt.truncatedTo(ChronoUnit.MILLIS), row.id);
                assertNull(scheme.disorder(cursor, previous, position));
                if (!scheme.repeated(position, row.version)) {
                    client.local.put(row.id, row.version);
                }
                rows.add(new PageFetcher.ServerRow(row.id, false, row.version, null, position));
                previous = position;
            }
            Cursor next = scheme.next(cursor, rows.get(0).cursor(), previous, more[0]);
            scheme.remember(rows, next);
            client.token = next.token();
            boolean bucket = scheme.inBucket(cursor);
            cursor = next;
            if (random.nextDouble() < changeRate) {
                change(server, random);
            }
            if (random.nextDouble() < interruptRate) {
                return false;
            }
            if (!more[0] && !bucket) {
                return true;
            }
        }
    }

    /**
     * Updates a few rows and adds one, all in a millisecond after every stored one (several of them in that same
     * millisecond). Rows become visible in the order of their milliseconds: a write that lands in a millisecond a
     * pull has already passed is beyond what any updatedAt cursor can see, keyset or bucket.
     */
    private static void change(SubMillisecondServer server, Random random) {
        List<String> ids = new ArrayList<>(server.rows.keySet());
        server.clock = server.clock.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        for (int i = 0; i < 3; i++) {
            server.clock = server.clock.plusNanos(100 * (1 + random.nextInt(2000)));
            server.write(ids.get(random.nextInt(ids.size())), server.clock);
        }
        server.clock = server.clock.plusNanos(100 * (1 + random.nextInt(2000)));
        server.write("new-" + server.versions, server.clock);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void rowsSharingMillisecondsBeyondAPageAreAllPulledThroughInterruptionsAndChanges(long seed) {
        Random random = new Random(seed);
        SubMillisecondServer server = new SubMillisecondServer(3 + random.nextInt(8), START);
        for (int i = 0; i < 400; i++) {
            // 400 rows over 25 milliseconds: each millisecond holds more rows than a page
            Instant at = START.plusMillis(random.nextInt(25)).plusNanos(100L * random.nextInt(10_000));
            server.write(String.format("r%03d", random.nextInt(1000)) + "-" + i, at);
        }
        server.clock = START.plusMillis(25);
        Client client = new Client();
        int pageSize = 2 + random.nextInt(12);

        while (!pull(server, client, pageSize, random, 0.3, 0.15)) {
            // resumed from the saved token, as the next pull after an interruption
        }
        pull(server, client, pageSize, random, 0, 0);

        Map<String, String> expected = new HashMap<>();
        server.rows.values().forEach(r -> expected.put(r.id, r.version));
        assertEquals(expected, client.local);
    }

    @Test
    void aKeysetCursorOnTheSameServerGetsTheSameMillisecondBackAndNeverReachesItsLastRow() {
        SubMillisecondServer server = new SubMillisecondServer(100, START);
        server.write("c", START.plusNanos(100));
        server.write("a", START.plusNanos(200));
        server.write("b", START.plusNanos(300));
        PullCursor keyset = new PullCursor(true);
        boolean[] more = new boolean[1];

        List<Stored> first = server.list(keyset.query(null, null, 2, false), more);
        Cursor after = new Cursor(START, first.get(1).id);
        List<Stored> second = server.list(keyset.query(null, after, 2, false), more);

        assertEquals(List.of("c", "a"), first.stream().map(Stored::id).toList());
        // "updatedAt gt T" matches the whole millisecond again (its hidden remainder is above T), "eq T" nothing
        assertEquals(List.of("c", "a"), second.stream().map(Stored::id).toList());
        assertTrue(keyset.disorder(after, null, new Cursor(START, "c")) == null
                && keyset.disorder(after, new Cursor(START, "c"), new Cursor(START, "a")) != null,
                "the keyset checks refuse the answer: the pull would stop there, b never arrives");
    }

    @Test
    void aSavedOpenCursorIsReadByTheKeysetSchemeAsItsMillisecondFromTheStart() {
        Cursor open = new PullCursor(false).next(null, new Cursor(START, "a"), new Cursor(START.plusMillis(1), "b"),
                false);

        assertEquals("2026-03-01T12:00:00.001Z", open.token());
        assertEquals(new Cursor(START.plusMillis(1), ""), new PullCursor(true).load(open.token()));
        assertEquals(new Cursor(START, "x"), new PullCursor(false).load("2026-03-01T12:00:00.000Z|x"));
    }
}

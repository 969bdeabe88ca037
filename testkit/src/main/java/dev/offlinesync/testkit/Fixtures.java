package dev.offlinesync.testkit;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.TableDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The tables, rows and predicate shorthands the contract tests are written with. */
final class Fixtures {

    /** A user table with a column of every type. */
    static final String TODO = "todo";

    static final TableDefinition TODO_TABLE = new TableDefinition(TODO, columns(
            "text", ColumnType.STRING,
            "complete", ColumnType.BOOLEAN,
            "priority", ColumnType.INTEGER,
            "score", ColumnType.REAL,
            "due", ColumnType.DATE,
            "tags", ColumnType.JSON));

    /** A second user table, for writes that span tables. */
    static final String TAGS = "tags_table";

    static final TableDefinition TAGS_TABLE = new TableDefinition(TAGS, columns(
            "label", ColumnType.STRING,
            "uses", ColumnType.INTEGER));

    private Fixtures() {
    }

    /** Column names and types, alternating, in order. */
    static Map<String, ColumnType> columns(Object... namesAndTypes) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put((String) namesAndTypes[i], (ColumnType) namesAndTypes[i + 1]);
        }
        return columns;
    }

    /** A mutable row from field names and values, alternating; values may be null. */
    static Map<String, Object> row(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("row(...) takes names and values in pairs");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** A mutable list (nulls allowed), for JSON values. */
    static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    /** The same row without its null-valued fields: stores may or may not return unset columns as nulls. */
    static Map<String, Object> withoutNulls(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((name, value) -> {
            if (value != null) {
                copy.put(name, value);
            }
        });
        return copy;
    }

    /** A pool of daemon threads, so that a deadlocked store fails its test instead of keeping the JVM alive. */
    static ExecutorService daemonPool(int threads, String name) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for every future and rethrows the first failure as it was thrown in its thread. */
    static void joinAll(List<? extends Future<?>> futures) throws InterruptedException {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("a worker thread failed", e.getCause());
            }
        }
    }

    /** Waits for a latch from inside a transaction's work, where checked exceptions cannot be thrown. */
    static boolean await(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    static List<String> ids(ReadResult result) {
        List<String> ids = new ArrayList<>();
        result.rows().forEach(row -> ids.add((String) row.get(TableDefinition.ID)));
        return ids;
    }

    static StoreQuery query(String table, Predicate where, List<SortOrder> orderBy, long skip, long top,
                            boolean includeTotalCount) {
        return new StoreQuery(table, where, orderBy, skip, top, List.of(), includeTotalCount);
    }

    static Predicate eq(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.EQ, value);
    }

    static Predicate ne(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.NE, value);
    }

    static Predicate gt(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.GT, value);
    }

    static Predicate ge(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.GE, value);
    }

    static Predicate lt(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.LT, value);
    }

    static Predicate le(String field, Object value) {
        return new Predicate.Comparison(field, Predicate.Op.LE, value);
    }

    static Predicate in(String field, Object... values) {
        return new Predicate.In(field, Arrays.asList(values));
    }

    static Predicate isNull(String field) {
        return new Predicate.IsNull(field);
    }

    static Predicate not(Predicate operand) {
        return new Predicate.Not(operand);
    }

    static Predicate and(Predicate... operands) {
        return new Predicate.And(Arrays.asList(operands));
    }

    static Predicate or(Predicate... operands) {
        return new Predicate.Or(Arrays.asList(operands));
    }

    static Predicate startsWith(String field, String value) {
        return new Predicate.StringMatch(field, Predicate.Match.STARTS_WITH, value);
    }

    static Predicate endsWith(String field, String value) {
        return new Predicate.StringMatch(field, Predicate.Match.ENDS_WITH, value);
    }

    static Predicate contains(String field, String value) {
        return new Predicate.StringMatch(field, Predicate.Match.CONTAINS, value);
    }
}

package dev.offlinesync.store.memory;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.InMemoryEvaluator;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.SortOrder;
import dev.offlinesync.spi.TableDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A table of a {@link MemoryStore}: its definition, its rows by id (in insertion order) and the indexes that let
 * a read visit only the rows it may select. An index on a column is built the first time a read filters
 * ({@code =}, {@code IN}) or orders by it, then kept up to date by every write; it is derived data, dropped
 * whenever the definition changes and rebuilt on demand.
 *
 * <p>Guarded by the store's lock. Writers hold the write lock alone; readers may build an index while holding
 * only the read lock, so the maps of indexes are concurrent and an index is published whole.
 */
final class MemoryTable {

    private TableDefinition definition;
    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    /** Column -> value key -> ids, for {@code =} and {@code IN}; values that can never equal a filter are left out. */
    private final Map<String, Map<Object, Set<String>>> hashIndexes = new ConcurrentHashMap<>();
    private final Map<String, SortedIndex> sortedIndexes = new ConcurrentHashMap<>();
    /** Rows looked at by reads and filtered deletes, for tests that tell an index from a scan. */
    private final LongAdder visits;

    /** The ids of one column's rows in the column's order, nulls apart (they sort lowest). */
    private record SortedIndex(NavigableMap<Object, Set<String>> byValue, Set<String> nulls) {
    }

    MemoryTable(TableDefinition definition, LongAdder visits) {
        this.definition = definition;
        this.visits = visits;
    }

    TableDefinition definition() {
        return definition;
    }

    /** Changes the definition; indexes are dropped as a column's type (and so its order) may now be known. */
    void define(TableDefinition newDefinition) {
        definition = newDefinition;
        hashIndexes.clear();
        sortedIndexes.clear();
    }

    Map<String, Object> get(String id) {
        return rows.get(id);
    }

    Collection<Map<String, Object>> rows() {
        return rows.values();
    }

    /** Stores a row under its id; returns the row it replaced, or null. */
    Map<String, Object> put(String id, Map<String, Object> row) {
        Map<String, Object> previous = rows.put(id, row);
        if (previous != null) {
            unindex(id, previous);
        }
        hashIndexes.forEach((column, index) -> {
            Object key = hashKey(row.get(column));
            if (key != null) {
                index.computeIfAbsent(key, k -> new HashSet<>()).add(id);
            }
        });
        sortedIndexes.forEach((column, index) -> sortedAdd(index, id, row.get(column)));
        return previous;
    }

    /** Removes a row; returns it, or null when there was none. */
    Map<String, Object> remove(String id) {
        Map<String, Object> previous = rows.remove(id);
        if (previous != null) {
            unindex(id, previous);
        }
        return previous;
    }

    private void unindex(String id, Map<String, Object> row) {
        hashIndexes.forEach((column, index) -> {
            Object key = hashKey(row.get(column));
            Set<String> ids = key == null ? null : index.get(key);
            if (ids != null && ids.remove(id) && ids.isEmpty()) {
                index.remove(key);
            }
        });
        sortedIndexes.forEach((column, index) -> {
            Object value = row.get(column);
            Set<String> ids = value == null ? index.nulls() : index.byValue().get(value);
            if (ids != null && ids.remove(id) && ids.isEmpty() && value != null) {
                index.byValue().remove(value);
            }
        });
    }

    /**
     * The highest value of a column of a defined type other than JSON, read from the column's sorted index (built
     * on first use); null when every row holds null there, or there are no rows.
     */
    Object highest(String column) {
        NavigableMap<Object, Set<String>> byValue =
                sortedIndexes.computeIfAbsent(column, this::buildSortedIndex).byValue();
        return byValue.isEmpty() ? null : byValue.lastKey();
    }

    /**
     * The rows that match a filter, in the given order. With a limit ({@code >= 0}) and no index that narrows the
     * filter, an ordering whose first column can be indexed stops once {@code limit} rows matched and the rows tied
     * with the last one are in; the result then holds at least {@code limit} rows (or all matches), in order.
     */
    List<Map<String, Object>> select(Predicate where, List<SortOrder> orderBy, long limit) {
        List<Map<String, Object>> matched = narrowed(where);
        if (matched == null && !orderBy.isEmpty() && limit >= 0) {
            matched = walkInOrder(where, orderBy, limit);
        }
        if (matched == null) {
            matched = new ArrayList<>();
            boolean anyOrder = orderBy.isEmpty() && limit >= 0; // the first matches will do
            for (Map<String, Object> row : rows.values()) {
                if (anyOrder && matched.size() >= limit) {
                    break;
                }
                visits.increment();
                if (InMemoryEvaluator.matches(where, row)) {
                    matched.add(row);
                }
            }
        }
        if (!orderBy.isEmpty()) {
            matched.sort(InMemoryEvaluator.comparator(orderBy));
        }
        return matched;
    }

    /**
     * The matching rows among those an {@code =} or {@code IN} on one column allows (the conjunct with the fewest
     * such rows), or null when the filter has no such conjunct.
     */
    private List<Map<String, Object>> narrowed(Predicate where) {
        List<Set<String>> best = null;
        long bestSize = Long.MAX_VALUE;
        for (Predicate conjunct : conjuncts(where)) {
            List<Set<String>> groups = equalityCandidates(conjunct);
            if (groups != null) {
                long size = 0;
                for (Set<String> group : groups) {
                    size += group.size();
                }
                if (size < bestSize) {
                    best = groups;
                    bestSize = size;
                }
            }
        }
        if (best == null) {
            return null;
        }
        Set<String> ids = best.size() == 1 ? best.get(0) : new LinkedHashSet<>();
        if (best.size() > 1) {
            best.forEach(ids::addAll); // IN may name a value twice
        }
        List<Map<String, Object>> matched = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, Object> row = rows.get(id);
            visits.increment();
            if (row != null && InMemoryEvaluator.matches(where, row)) {
                matched.add(row);
            }
        }
        return matched;
    }

    /**
     * The sets of ids whose column may equal the conjunct's value(s), one per value, or null when the conjunct is
     * not an {@code =} or {@code IN} (or names a value of a type no index keeps).
     */
    private List<Set<String>> equalityCandidates(Predicate conjunct) {
        String column;
        List<Object> values;
        if (conjunct instanceof Predicate.Comparison c && c.op() == Predicate.Op.EQ) {
            column = c.field();
            values = List.of(c.value());
        } else if (conjunct instanceof Predicate.In in) {
            column = in.field();
            values = in.values();
        } else {
            return null;
        }
        List<Set<String>> groups = new ArrayList<>(values.size());
        if (column.equals(TableDefinition.ID)) {
            // ids are Strings: a value of another type matches no row
            values.forEach(value -> {
                if (value instanceof String id && rows.containsKey(id)) {
                    groups.add(Set.of(id));
                }
            });
            return groups;
        }
        for (Object value : values) {
            if (hashKey(value) == null) {
                return null;
            }
        }
        Map<Object, Set<String>> index = hashIndexes.computeIfAbsent(column, this::buildHashIndex);
        values.forEach(value -> {
            Set<String> ids = index.get(hashKey(value));
            if (ids != null) {
                groups.add(ids);
            }
        });
        return groups;
    }

    private Map<Object, Set<String>> buildHashIndex(String column) {
        Map<Object, Set<String>> index = new HashMap<>();
        rows.forEach((id, row) -> {
            Object key = hashKey(row.get(column));
            if (key != null) {
                index.computeIfAbsent(key, k -> new HashSet<>()).add(id);
            }
        });
        return index;
    }

    /**
     * The key under which a value is found by {@code =}: values the evaluator calls equal get equal keys (numbers
     * of any type by their double value, a superset of numeric equality that the filter then narrows). JSON values
     * and unknown types get none: they never equal a filter's value.
     */
    private static Object hashKey(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Instant) {
            return value;
        }
        return null;
    }

    /**
     * Walks the index of the first ordering column (within the range the filter's comparisons on it allow) until
     * {@code limit} rows matched and the group tied with the last is complete; null when that column holds values
     * of more than one type (an undefined or JSON column), whose order an index cannot keep.
     */
    private List<Map<String, Object>> walkInOrder(Predicate where, List<SortOrder> orderBy, long limit) {
        SortOrder first = orderBy.get(0);
        ColumnType type = definition.typeOf(first.field());
        if (type == null || type == ColumnType.JSON) {
            return null;
        }
        SortedIndex index = sortedIndexes.computeIfAbsent(first.field(), this::buildSortedIndex);
        Bounds bounds = new Bounds();
        for (Predicate conjunct : conjuncts(where)) {
            if (conjunct instanceof Predicate.Comparison c && c.field().equals(first.field())
                    && type.accepts(c.value())) {
                bounds.tighten(c.op(), c.value());
            }
        }
        NavigableMap<Object, Set<String>> range = bounds.of(index.byValue());
        // Groups of tied rows in the ordering's direction, walked lazily: nulls sort lowest.
        boolean withNulls = !bounds.restricted() && !index.nulls().isEmpty();
        Iterator<Set<String>> values = (first.ascending() ? range : range.descendingMap()).values().iterator();
        List<Map<String, Object>> matched = new ArrayList<>();
        if (withNulls && first.ascending()) {
            visit(index.nulls(), where, matched);
        }
        while (matched.size() < limit && values.hasNext()) {
            visit(values.next(), where, matched);
        }
        if (withNulls && !first.ascending() && matched.size() < limit) {
            visit(index.nulls(), where, matched);
        }
        return matched;
    }

    private void visit(Set<String> ids, Predicate where, List<Map<String, Object>> matched) {
        for (String id : ids) {
            Map<String, Object> row = rows.get(id);
            visits.increment();
            if (InMemoryEvaluator.matches(where, row)) {
                matched.add(row);
            }
        }
    }

    private SortedIndex buildSortedIndex(String column) {
        SortedIndex index = new SortedIndex(new TreeMap<>(InMemoryEvaluator::compareValues), new LinkedHashSet<>());
        rows.forEach((id, row) -> sortedAdd(index, id, row.get(column)));
        return index;
    }

    private static void sortedAdd(SortedIndex index, String id, Object value) {
        if (value == null) {
            index.nulls().add(id);
        } else {
            index.byValue().computeIfAbsent(value, k -> new LinkedHashSet<>()).add(id);
        }
    }

    /** The operands of a top-level conjunction (nested ones flattened), or the predicate itself. */
    private static List<Predicate> conjuncts(Predicate where) {
        List<Predicate> result = new ArrayList<>();
        if (where instanceof Predicate.And and) {
            and.operands().forEach(operand -> result.addAll(conjuncts(operand)));
        } else if (where != null) {
            result.add(where);
        }
        return result;
    }

    /** The tightest range that a conjunction's comparisons on one column allow, all values of the column's type. */
    private static final class Bounds {
        private Object low;
        private boolean lowInclusive;
        private Object high;
        private boolean highInclusive;
        private boolean compared;

        void tighten(Predicate.Op op, Object value) {
            switch (op) {
                case GT, GE -> raise(value, op == Predicate.Op.GE);
                case LT, LE -> lower(value, op == Predicate.Op.LE);
                case EQ -> {
                    raise(value, true);
                    lower(value, true);
                }
                case NE -> {
                    // excludes one value, which the filter drops itself
                }
            }
            compared = true; // a row whose column is null makes the comparison unknown: it cannot match
        }

        private void raise(Object value, boolean inclusive) {
            int cmp = low == null ? 1 : compare(value, low);
            if (cmp > 0 || cmp == 0 && !inclusive) {
                low = value;
                lowInclusive = inclusive;
            }
        }

        private void lower(Object value, boolean inclusive) {
            int cmp = high == null ? -1 : compare(value, high);
            if (cmp < 0 || cmp == 0 && !inclusive) {
                high = value;
                highInclusive = inclusive;
            }
        }

        boolean restricted() {
            return compared;
        }

        NavigableMap<Object, Set<String>> of(NavigableMap<Object, Set<String>> all) {
            if (low != null && high != null) {
                int cmp = compare(low, high);
                if (cmp > 0 || cmp == 0 && !(lowInclusive && highInclusive)) {
                    return new TreeMap<>();
                }
                return all.subMap(low, lowInclusive, high, highInclusive);
            }
            if (low != null) {
                return all.tailMap(low, lowInclusive);
            }
            return high != null ? all.headMap(high, highInclusive) : all;
        }

        private static int compare(Object a, Object b) {
            return InMemoryEvaluator.compareValues(a, b);
        }
    }
}

package dev.offlinesync.internal.observe;

import dev.offlinesync.TableChange;
import dev.offlinesync.TableChange.Origin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Row changes gathered per table and origin, merged in order: what one transaction, or one burst, did. */
public final class ChangeSet {

    private final Map<String, Delta> deltas = new LinkedHashMap<>();

    private static final class Delta {
        final Set<String> inserted = new LinkedHashSet<>();
        final Set<String> updated = new LinkedHashSet<>();
        final Set<String> deleted = new LinkedHashSet<>();

        void insert(String id) {
            if (deleted.remove(id)) {
                updated.add(id); // deleted then inserted again: the row is still there, changed
            } else {
                inserted.add(id);
            }
        }

        void update(String id) {
            if (!inserted.contains(id)) {
                updated.add(id);
            }
        }

        void delete(String id) {
            if (!inserted.remove(id)) {
                updated.remove(id);
                deleted.add(id);
            }
        }
    }

    public void inserted(Origin origin, String table, Collection<String> ids) {
        Delta delta = delta(origin, table);
        ids.forEach(delta::insert);
    }

    public void updated(Origin origin, String table, Collection<String> ids) {
        Delta delta = delta(origin, table);
        ids.forEach(delta::update);
    }

    public void deleted(Origin origin, String table, Collection<String> ids) {
        Delta delta = delta(origin, table);
        ids.forEach(delta::delete);
    }

    void add(TableChange change) {
        inserted(change.origin(), change.table(), change.inserted());
        updated(change.origin(), change.table(), change.updated());
        deleted(change.origin(), change.table(), change.deleted());
    }

    public void clear() {
        deltas.clear();
    }

    public boolean isEmpty() {
        return deltas.isEmpty();
    }

    private Delta delta(Origin origin, String table) {
        return deltas.computeIfAbsent(origin.name() + "\u0000" + table, key -> new Delta());
    }

    /** The changes, one per table and origin, leaving out those that cancelled out. */
    public List<TableChange> changes() {
        List<TableChange> changes = new ArrayList<>();
        deltas.forEach((key, delta) -> {
            int split = key.indexOf('\u0000');
            TableChange change = new TableChange(key.substring(split + 1), Origin.valueOf(key.substring(0, split)),
                    delta.inserted, delta.updated, delta.deleted);
            if (!change.isEmpty()) {
                changes.add(change);
            }
        });
        return changes;
    }

    static List<TableChange> merge(List<TableChange> first, List<TableChange> second) {
        ChangeSet merged = new ChangeSet();
        first.forEach(merged::add);
        second.forEach(merged::add);
        return merged.changes();
    }
}

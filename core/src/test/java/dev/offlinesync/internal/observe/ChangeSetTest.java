package dev.offlinesync.internal.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.TableChange;
import dev.offlinesync.TableChange.Origin;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

    private static TableChange local(Set<String> inserted, Set<String> updated, Set<String> deleted) {
        return new TableChange("TodoItem", Origin.LOCAL_WRITE, inserted, updated, deleted);
    }

    @Test
    void anInsertThenAnUpdateIsAnInsert() {
        List<TableChange> merged = ChangeSet.merge(List.of(local(Set.of("a"), Set.of(), Set.of())),
                List.of(local(Set.of(), Set.of("a"), Set.of())));
        assertEquals(List.of(local(Set.of("a"), Set.of(), Set.of())), merged);
    }

    @Test
    void anInsertThenADeleteIsNothing() {
        List<TableChange> merged = ChangeSet.merge(List.of(local(Set.of("a"), Set.of(), Set.of())),
                List.of(local(Set.of(), Set.of(), Set.of("a"))));
        assertTrue(merged.isEmpty(), merged.toString());
    }

    @Test
    void anUpdateThenADeleteIsADeleteAndADeleteThenAnInsertIsAnUpdate() {
        List<TableChange> merged = ChangeSet.merge(
                List.of(local(Set.of(), Set.of("a"), Set.of("b"))),
                List.of(local(Set.of("b"), Set.of(), Set.of("a"))));
        assertEquals(List.of(local(Set.of(), Set.of("b"), Set.of("a"))), merged);
    }

    @Test
    void changesOfDifferentOriginsStayApart() {
        ChangeSet changes = new ChangeSet();
        changes.inserted(Origin.LOCAL_WRITE, "TodoItem", List.of("a"));
        changes.updated(Origin.PULL, "TodoItem", List.of("a"));
        changes.deleted(Origin.PULL, "Other", List.of("x"));
        assertEquals(List.of(local(Set.of("a"), Set.of(), Set.of()),
                new TableChange("TodoItem", Origin.PULL, Set.of(), Set.of("a"), Set.of()),
                new TableChange("Other", Origin.PULL, Set.of(), Set.of(), Set.of("x"))), changes.changes());
    }
}

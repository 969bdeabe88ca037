package dev.offlinesync.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.TableDefinition;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data of a {@link FakeTableService}: its tables, found by name in any case as Express routes find them, and
 * the clock that stamps their writes at the stored precision. The writes a test makes "as another client" go
 * through here; the writes of requests go through the {@link DialectHandler}. Thread-safe.
 */
final class FakeTables {

    private final ConcurrentHashMap<String, FakeTable> tables = new ConcurrentHashMap<>();
    private final RowFormat format;
    private final boolean subMillisecond;
    private volatile Clock clock;

    FakeTables(RowFormat format, boolean subMillisecond, Clock clock) {
        this.format = format;
        this.subMillisecond = subMillisecond;
        this.clock = clock;
    }

    void define(String name, boolean softDelete) {
        TableDefinition.requireIdentifier(name, "table name");
        FakeTable previous = tables.putIfAbsent(name.toLowerCase(Locale.ROOT), new FakeTable(name, softDelete, format));
        if (previous != null) {
            throw new IllegalStateException("Table " + previous.name() + " is already defined");
        }
    }

    /** The table of this name in any case, or {@code null}. */
    FakeTable find(String name) {
        return tables.get(name.toLowerCase(Locale.ROOT));
    }

    /** The table of this name in any case; a test naming an undefined table is told to define it. */
    FakeTable require(String name) {
        FakeTable table = find(Objects.requireNonNull(name, "table"));
        if (table == null) {
            throw new IllegalArgumentException("Unknown table '" + name + "': call defineTable(\"" + name
                    + "\") first");
        }
        return table;
    }

    Set<String> names() {
        return tables.keySet();
    }

    void setClock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
    }

    void setClockWithinMillisecond(Instant millisecond) {
        if (!subMillisecond) {
            throw new IllegalStateException("Writes can share a millisecond in order only with sub-millisecond"
                    + " timestamps: build the service with subMillisecondTimestamps(true)");
        }
        this.clock = new TicksWithinMillisecond(millisecond.truncatedTo(ChronoUnit.MILLIS));
    }

    Instant now() {
        return stored(clock.instant());
    }

    /** An instant at the stored precision: milliseconds, or 100 ns units. */
    Instant stored(Instant instant) {
        int unit = subMillisecond ? 100 : 1_000_000;
        return Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano() - instant.getNano() % unit);
    }

    ObjectNode insertDirect(String table, ObjectNode item) {
        FakeTable fake = require(table);
        return fake.orThrow(null, fake.insert(item.deepCopy(), this::now));
    }

    ObjectNode updateDirect(String table, String id, ObjectNode changes) {
        FakeTable fake = require(table);
        ObjectNode body = changes.deepCopy();
        body.remove(fake.format().systemNames());
        return fake.orThrow(id, fake.update(id, body, null, this::now));
    }

    ObjectNode deleteDirect(String table, String id) {
        FakeTable fake = require(table);
        return fake.orThrow(id, fake.delete(id, null, this::now));
    }

    void setUpdatedAt(String table, Collection<String> ids, Instant updatedAt) {
        require(table).setUpdatedAt(List.copyOf(ids), stored(updatedAt));
    }
}

package dev.offlinesync.internal.engine;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sync tables defined so far, with the system columns every sync table has. */
public final class TableRegistry {

    private final Map<String, TableDefinition> tables = new ConcurrentHashMap<>();

    /** The full definition of a sync table: the user's columns plus the system columns. */
    public static TableDefinition syncTable(String name, Map<String, ColumnType> userColumns) {
        Map<String, ColumnType> columns = new LinkedHashMap<>(userColumns);
        columns.putAll(SystemColumns.LOCAL);
        columns.remove(SystemColumns.DELETED);
        try {
            return new TableDefinition(name, columns);
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(e.getMessage(), e);
        }
    }

    /** The definition a table has after {@code definition} is added to what is registered (not registered yet). */
    public TableDefinition merged(TableDefinition definition) {
        TableDefinition old = tables.get(definition.name());
        return old == null ? definition : merge(old, definition);
    }

    public void register(TableDefinition definition) {
        tables.merge(definition.name(), definition, TableRegistry::merge);
    }

    private static TableDefinition merge(TableDefinition old, TableDefinition added) {
        Map<String, ColumnType> merged = new LinkedHashMap<>(old.columns());
        added.columns().forEach((column, type) -> {
            ColumnType before = merged.putIfAbsent(column, type);
            if (before != null && before != type) {
                throw new InvalidItemException("Table " + old.name() + " is already defined with column '" + column
                        + "' of type " + before + ", not " + type + ": use one definition per table");
            }
        });
        return new TableDefinition(old.name(), merged);
    }

    /** Whether the table was defined in this client. */
    public boolean defined(String name) {
        return tables.containsKey(name);
    }

    public TableDefinition get(String name) {
        TableDefinition definition = tables.get(name);
        if (definition == null) {
            throw new InvalidItemException("Table " + name + " is not defined: get it from SyncClient.table first");
        }
        return definition;
    }
}

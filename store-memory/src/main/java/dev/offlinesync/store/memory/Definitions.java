package dev.offlinesync.store.memory;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.TableDefinition;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The checks and changes of {@link MemoryStore#defineTable}: names that differ only in case are refused as SQL
 * stores must refuse them, and a redefinition only adds columns, each of a type the rows already accept.
 */
final class Definitions {

    private Definitions() {
    }

    /** Fails when another table's name differs from {@code name} only in case. */
    static void requireNameDiffersInCase(String name, Collection<String> tables) {
        for (String other : tables) {
            if (other.equalsIgnoreCase(name)) {
                throw new InvalidItemException("Cannot define table " + name + ": table " + other + " exists,"
                        + " and table names that differ only in case are refused; pick another name");
            }
        }
    }

    static void requireColumnsDifferInCase(String table, Collection<String> columns) {
        Map<String, String> seen = new HashMap<>();
        for (String column : columns) {
            String other = seen.putIfAbsent(column.toLowerCase(Locale.ROOT), column);
            if (other != null) {
                throw new InvalidItemException("Table " + table + " cannot have both column '" + other + "' and '"
                        + column + "': column names that differ only in case are refused; rename one");
            }
        }
    }

    /**
     * Adds the columns a definition names that the table lacks; columns it leaves out are kept. Checks everything
     * before changing anything, and hands {@code logUndo} how to undo the change.
     */
    static void upgrade(MemoryTable table, TableDefinition wanted, Consumer<Runnable> logUndo) {
        TableDefinition old = table.definition();
        Map<String, ColumnType> merged = new LinkedHashMap<>(old.columns());
        for (Map.Entry<String, ColumnType> column : wanted.columns().entrySet()) {
            ColumnType had = old.typeOf(column.getKey());
            if (had == null) {
                merged.put(column.getKey(), column.getValue());
                for (Map<String, Object> row : table.rows()) {
                    Object value = row.get(column.getKey());
                    if (value != null && !column.getValue().accepts(value)) {
                        throw new StoreException("cannot add column '" + column.getKey() + "' of type "
                                + column.getValue() + " to table " + old.name() + ": row '"
                                + row.get(TableDefinition.ID) + "' already holds a " + value.getClass().getName()
                                + " in that field; delete or fix such rows first");
                    }
                }
            } else if (had != column.getValue()) {
                throw new StoreException("column '" + column.getKey() + "' of table " + old.name() + " is " + had
                        + "; it cannot be redefined as " + column.getValue());
            }
        }
        requireColumnsDifferInCase(old.name(), merged.keySet());
        if (merged.size() != old.columns().size()) {
            table.define(new TableDefinition(old.name(), merged));
            logUndo.accept(() -> table.define(old));
        }
    }
}

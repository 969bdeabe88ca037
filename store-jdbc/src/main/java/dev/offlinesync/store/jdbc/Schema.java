package dev.offlinesync.store.jdbc;

import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The tables of a store and their definitions, kept in two metadata tables next to them: {@code offlinesync$meta}
 * (the schema version of the file) and {@code offlinesync$tables} (each table's columns and types, in order).
 * Names with {@code $} cannot be table names of a {@link TableDefinition}, so they never collide. Every method
 * runs on the writer connection under the store's lock; {@link #table} may be called from any thread.
 * A schema change is seen on the writer at once and by other connections once {@linkplain #publish committed}.
 */
final class Schema {

    /** The layout this code writes. Version 1: metadata tables, typed columns plus {@link Table#EXTRA}. */
    static final int VERSION = 1;

    private static final String META = "offlinesync$meta";
    private static final String TABLES = "offlinesync$tables";
    private static final String VERSION_KEY = "schemaVersion";
    private static final int MIGRATION_CHUNK = 500;

    private final JdbcDialect dialect;
    private final String description;
    /** The committed tables: what every thread sees. */
    private volatile Map<String, Table> tables = Map.of();
    /**
     * The tables as the writer's uncommitted schema changes leave them, or {@code null}; seen only on the writer
     * connection until {@link #publish} (a reader must not see a column its snapshot does not have yet).
     */
    private Map<String, Table> pending;

    Schema(JdbcDialect dialect, String description) {
        this.dialect = dialect;
        this.description = description;
    }

    /** Creates the metadata tables of a new file, checks the version of an existing one, loads the tables. */
    void open(SqlConnection c) throws SQLException {
        String text = dialect.textType();
        c.execute("CREATE TABLE IF NOT EXISTS " + q(META) + " (" + q("key") + " " + text + " NOT NULL PRIMARY KEY, "
                + q("value") + " " + text + ")");
        c.execute("CREATE TABLE IF NOT EXISTS " + q(TABLES) + " (" + q("name") + " " + text
                + " NOT NULL PRIMARY KEY, " + q("columns") + " " + text + " NOT NULL)");
        String version = null;
        PreparedStatement select = c.prepare("SELECT " + q("value") + " FROM " + q(META) + " WHERE " + q("key") + " = ?");
        select.setString(1, VERSION_KEY);
        try (ResultSet rs = select.executeQuery()) {
            if (rs.next()) {
                version = rs.getString(1);
            }
        }
        if (version == null) {
            PreparedStatement insert = c.prepare(dialect.upsert(q(META), List.of(q("key"), q("value")), q("key")));
            insert.setString(1, VERSION_KEY);
            insert.setString(2, Integer.toString(VERSION));
            insert.executeUpdate();
        } else if (parseVersion(version) > VERSION) {
            throw new StoreException(description + " was written by a newer offlinesync (schema version " + version
                    + ", this one reads up to " + VERSION + "): upgrade the library, or open another file");
        }
        reload(c);
    }

    private int parseVersion(String version) {
        try {
            return Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new StoreException(description + " has an unreadable schema version '" + version
                    + "': it was not made by offlinesync, or it is damaged", e);
        }
    }

    /** Reads the table definitions again (after a rolled-back schema change, say). */
    void reload(SqlConnection c) throws SQLException {
        Map<String, Table> loaded = new HashMap<>();
        try (ResultSet rs = c.prepare("SELECT " + q("name") + ", " + q("columns") + " FROM " + q(TABLES)).executeQuery()) {
            while (rs.next()) {
                TableDefinition definition = parse(rs.getString(1), rs.getString(2));
                loaded.put(definition.name(), new Table(definition, dialect));
            }
        }
        tables = Map.copyOf(loaded);
        pending = null;
    }

    /** Makes the writer's schema changes visible to every thread, once they are committed. */
    void publish() {
        if (pending != null) {
            tables = pending;
            pending = null;
        }
    }

    /** Forgets the writer's schema changes, after they were rolled back. */
    void discard() {
        pending = null;
    }

    private Map<String, Table> writerView() {
        return pending != null ? pending : tables;
    }

    /**
     * The table of this name as the connection sees it (the writer sees its uncommitted schema changes); fails
     * when it was never defined.
     */
    Table table(String name, boolean onWriter) {
        Table table = (onWriter ? writerView() : tables).get(name);
        if (table == null) {
            throw new StoreException("table " + name + " is not defined in " + description + ": call defineTable first");
        }
        return table;
    }

    /**
     * Creates a table, or adds the columns a definition names that the table lacks (moving values that rows
     * kept as extra fields into them). Columns a definition leaves out are kept. Returns whether anything
     * changed.
     */
    boolean define(SqlConnection c, TableDefinition wanted) throws SQLException {
        Table existing = writerView().get(wanted.name());
        if (existing == null) {
            String reserved = dialect.reservedTableName(wanted.name());
            if (reserved != null) {
                throw new InvalidItemException("Invalid table name '" + wanted.name() + "': " + reserved
                        + "; pick another name");
            }
            for (String other : writerView().keySet()) {
                if (other.equalsIgnoreCase(wanted.name())) {
                    throw new InvalidItemException("Cannot define table " + wanted.name() + ": table " + other + " exists,"
                            + " and SQL table names that differ only in case are the same table; pick another name");
                }
            }
            checkCaseCollisions(wanted.name(), new ArrayList<>(wanted.columns().keySet()));
            create(c, wanted);
            return true;
        }
        Map<String, ColumnType> merged = new LinkedHashMap<>(existing.definition.columns());
        List<Table.Column> added = new ArrayList<>();
        for (Map.Entry<String, ColumnType> column : wanted.columns().entrySet()) {
            ColumnType had = merged.get(column.getKey());
            if (had == null) {
                merged.put(column.getKey(), column.getValue());
                added.add(new Table.Column(column.getKey(), column.getValue(), q(column.getKey()), -1));
            } else if (had != column.getValue()) {
                throw new StoreException("column '" + column.getKey() + "' of table " + wanted.name() + " is " + had
                        + "; it cannot be redefined as " + column.getValue());
            }
        }
        if (added.isEmpty()) {
            return false;
        }
        checkCaseCollisions(wanted.name(), new ArrayList<>(merged.keySet()));
        TableDefinition upgraded = new TableDefinition(wanted.name(), merged);
        moveExtraFields(c, existing, added, false);
        Set<String> physical = physicalColumns(c, existing.quoted);
        for (Table.Column column : added) {
            if (!physical.contains(column.name())) {
                c.execute("ALTER TABLE " + existing.quoted + " ADD COLUMN " + column.quoted() + " "
                        + dialect.columnType(column.type()));
            }
        }
        moveExtraFields(c, existing, added, true);
        createIndexes(c, upgraded);
        record(c, upgraded);
        return true;
    }

    private void create(SqlConnection c, TableDefinition definition) throws SQLException {
        StringJoiner columns = new StringJoiner(", ");
        for (Map.Entry<String, ColumnType> column : definition.columns().entrySet()) {
            String type = dialect.columnType(column.getValue());
            columns.add(q(column.getKey()) + " " + type
                    + (column.getKey().equals(TableDefinition.ID) ? " NOT NULL PRIMARY KEY" : ""));
        }
        columns.add(q(Table.EXTRA) + " " + dialect.textType());
        // IF NOT EXISTS and the column check: where schema changes commit at once (H2), a crash can leave a
        // table that the metadata does not list yet.
        c.execute("CREATE TABLE IF NOT EXISTS " + q(definition.name()) + " (" + columns + ")");
        Set<String> physical = physicalColumns(c, q(definition.name()));
        for (Map.Entry<String, ColumnType> column : definition.columns().entrySet()) {
            if (!physical.contains(column.getKey())) {
                c.execute("ALTER TABLE " + q(definition.name()) + " ADD COLUMN " + q(column.getKey()) + " "
                        + dialect.columnType(column.getValue()));
            }
        }
        createIndexes(c, definition);
        record(c, definition);
    }

    /**
     * The indexes the engine's queries need: the queue by (tableName, itemId) and by sequence, and every
     * table with an {@code updatedAt} column by (updatedAt, id), the order of pulls and of "changed since".
     */
    private void createIndexes(SqlConnection c, TableDefinition definition) throws SQLException {
        List<List<String>> indexes = new ArrayList<>();
        Map<String, ColumnType> columns = definition.columns();
        if (columns.containsKey("updatedAt")) {
            indexes.add(List.of("updatedAt", TableDefinition.ID));
        }
        if (definition.name().equals("MS_TableOperations")) {
            if (columns.containsKey("tableName") && columns.containsKey("itemId")) {
                indexes.add(List.of("tableName", "itemId"));
            }
            if (columns.containsKey("sequence")) {
                indexes.add(List.of("sequence"));
            }
        }
        for (List<String> index : indexes) {
            StringJoiner quoted = new StringJoiner(", ");
            index.forEach(column -> quoted.add(q(column)));
            String name = definition.name() + "$ix$" + String.join("$", index);
            c.execute("CREATE INDEX IF NOT EXISTS " + q(name) + " ON " + q(definition.name()) + " (" + quoted + ")");
        }
    }

    private void record(SqlConnection c, TableDefinition definition) throws SQLException {
        StringJoiner columns = new StringJoiner(",");
        definition.columns().forEach((name, type) -> columns.add(name + ":" + type.name()));
        PreparedStatement upsert = c.prepare(dialect.upsert(q(TABLES), List.of(q("name"), q("columns")), q("name")));
        upsert.setString(1, definition.name());
        upsert.setString(2, columns.toString());
        upsert.executeUpdate();
        Map<String, Table> next = new HashMap<>(writerView());
        next.put(definition.name(), new Table(definition, dialect));
        pending = Map.copyOf(next);
    }

    private TableDefinition parse(String name, String columns) {
        try {
            Map<String, ColumnType> parsed = new LinkedHashMap<>();
            for (String column : columns.split(",")) {
                int colon = column.indexOf(':');
                parsed.put(column.substring(0, colon), ColumnType.valueOf(column.substring(colon + 1)));
            }
            return new TableDefinition(name, parsed);
        } catch (RuntimeException e) {
            throw new StoreException(description + " holds an unreadable definition of table " + name + " ('"
                    + columns + "'): it was changed by another program or is damaged", e);
        }
    }

    private void checkCaseCollisions(String table, List<String> columns) {
        Map<String, String> seen = new HashMap<>();
        for (String column : columns) {
            String other = seen.putIfAbsent(column.toLowerCase(Locale.ROOT), column);
            if (other != null) {
                throw new InvalidItemException("Table " + table + " cannot have both column '" + other + "' and '"
                        + column + "': SQL column names that differ only in case are the same column; rename one");
            }
        }
    }

    private Set<String> physicalColumns(SqlConnection c, String quotedTable) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement statement = c.connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT * FROM " + quotedTable + " WHERE 1=0")) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnName(i));
                }
            }
        }
        return names;
    }

    /**
     * Rows may hold, as extra fields, values of columns being added (the server sent them before the app
     * defined them). Checks that each fits its new column ({@code apply == false}), or moves it there. Reads
     * in chunks by id so that memory stays bounded.
     */
    private void moveExtraFields(SqlConnection c, Table table, List<Table.Column> added, boolean apply)
            throws SQLException {
        String id = q(TableDefinition.ID);
        String extra = q(Table.EXTRA);
        String from = "SELECT " + id + ", " + extra + " FROM " + table.quoted + " WHERE " + extra + " IS NOT NULL";
        String order = " ORDER BY " + id + " " + dialect.limit(true, false);
        String first = from + order;
        String next = from + " AND " + id + " > ?" + order;
        StringJoiner sets = new StringJoiner(", ");
        added.forEach(column -> sets.add(column.quoted() + " = ?"));
        String update = "UPDATE " + table.quoted + " SET " + sets + ", " + extra + " = ? WHERE " + id + " = ?";
        String after = null;
        while (true) {
            List<String> ids = new ArrayList<>();
            List<String> extras = new ArrayList<>();
            PreparedStatement chunk = c.prepare(after == null ? first : next);
            int parameter = 1;
            if (after != null) {
                chunk.setString(parameter++, after);
            }
            chunk.setLong(parameter, MIGRATION_CHUNK);
            try (ResultSet rs = chunk.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    extras.add(rs.getString(2));
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            after = ids.get(ids.size() - 1);
            PreparedStatement write = apply ? c.prepare(update) : null;
            boolean batched = false;
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> fields = JsonCodec.decodeMap(extras.get(i));
                boolean touched = false;
                Object[] values = new Object[added.size()];
                for (int k = 0; k < added.size(); k++) {
                    Table.Column column = added.get(k);
                    if (fields.containsKey(column.name())) {
                        touched = true;
                        Object value = fields.remove(column.name());
                        if (value != null && !column.type().accepts(value)) {
                            throw new StoreException("cannot add column '" + column.name() + "' of type " + column.type()
                                    + " to table " + table.name + ": row '" + ids.get(i) + "' already holds a "
                                    + value.getClass().getName() + " in that field; delete or fix such rows first");
                        }
                        values[k] = JdbcValues.toSql(table.name, column, value);
                    }
                }
                if (touched && write != null) {
                    for (int k = 0; k < added.size(); k++) {
                        JdbcValues.bind(write, k + 1, values[k], added.get(k).type());
                    }
                    write.setString(added.size() + 1, fields.isEmpty() ? null : JsonCodec.encode(fields));
                    write.setString(added.size() + 2, ids.get(i));
                    write.addBatch();
                    batched = true;
                }
            }
            if (batched) {
                write.executeBatch();
            }
        }
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }
}

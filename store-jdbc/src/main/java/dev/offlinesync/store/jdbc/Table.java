package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A table as the store holds it: its effective definition (every column it ever had, in order), the quoted
 * names, and the SQL of the statements every call uses, built once. The physical table has one more column,
 * {@link #EXTRA}, holding the fields the definition does not name as JSON text.
 */
final class Table {

    /**
     * The column of the fields a definition does not name. The {@code $} makes it a name no
     * {@link TableDefinition} can use, so it never collides with a user's column.
     */
    static final String EXTRA = "extra$";

    /** A column: its name, type, quoted name and position among the columns (0 is id). */
    record Column(String name, ColumnType type, String quoted, int index) {
    }

    final String name;
    final String quoted;
    final TableDefinition definition;
    final List<Column> columns;
    final Map<String, Column> byName;
    /** Every column and then {@link #EXTRA}, comma-separated and quoted, for SELECT lists. */
    final String selectList;
    final String lookupSql;
    final String upsertSql;
    final String deleteByIdSql;
    /**
     * The fields of the last row written, in its order, with their columns ({@code null}: an extra field). Rows of
     * one source carry the same field-name instances in the same order (a JSON parser hands out one instance per
     * name), so a field is found by comparing references with the one at its position, and only a row laid out
     * otherwise looks its fields up by name. Immutable once published; a race only costs a lookup.
     */
    private volatile Layout layout;

    /** Field names and their columns, by position; never changed once made. */
    record Layout(String[] names, Column[] columns) {
    }

    Table(TableDefinition definition, JdbcDialect dialect) {
        this.name = definition.name();
        this.quoted = dialect.quote(name);
        this.definition = definition;
        List<Column> list = new ArrayList<>();
        Map<String, Column> map = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnType> entry : definition.columns().entrySet()) {
            Column column = new Column(entry.getKey(), entry.getValue(), dialect.quote(entry.getKey()), list.size());
            list.add(column);
            map.put(column.name(), column);
        }
        this.columns = Collections.unmodifiableList(list);
        this.byName = Collections.unmodifiableMap(map);
        List<String> quotedColumns = new ArrayList<>();
        StringJoiner select = new StringJoiner(", ");
        for (Column column : list) {
            quotedColumns.add(column.quoted());
            select.add(column.quoted());
        }
        String extra = dialect.quote(EXTRA);
        quotedColumns.add(extra);
        select.add(extra);
        this.selectList = select.toString();
        String id = dialect.quote(TableDefinition.ID);
        this.lookupSql = "SELECT " + selectList + " FROM " + quoted + " WHERE " + id + " = ?";
        this.upsertSql = dialect.upsert(quoted, quotedColumns, id);
        this.deleteByIdSql = "DELETE FROM " + quoted + " WHERE " + id + " = ?";
    }

    /** The column of this name, or {@code null} when the definition does not name it. */
    Column column(String field) {
        return byName.get(field);
    }

    /** The layout of the last row written, or {@code null}. */
    Layout layout() {
        return layout;
    }

    void layout(Layout last) {
        this.layout = last;
    }

    /** The number of bind parameters of one upsert row: every column and the extra fields. */
    int width() {
        return columns.size() + 1;
    }
}

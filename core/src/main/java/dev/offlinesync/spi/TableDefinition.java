package dev.offlinesync.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A local table: its name and typed columns, in order. The {@code id} column (a {@link ColumnType#STRING}
 * primary key) is always present and always first.
 *
 * <p>Rows may carry fields that the definition does not name (the server added a column, say). A store keeps
 * them and returns them on read, with the value types of {@link ColumnType}; it need not be able to filter or
 * order by them.
 */
public record TableDefinition(String name, Map<String, ColumnType> columns) {

    /** The primary key column of every table. */
    public static final String ID = "id";

    private static final int LONGEST_IDENTIFIER = 128;

    /**
     * Checks the names and puts {@code id} first.
     *
     * @param name    the table's name
     * @param columns the columns and their types; {@code id}, a {@code STRING}, is added when missing
     * @throws IllegalArgumentException when a name is not a plain identifier or {@code id} is not a string
     */
    public TableDefinition {
        requireIdentifier(name, "table name");
        Objects.requireNonNull(columns, "columns");
        Map<String, ColumnType> ordered = new LinkedHashMap<>();
        ordered.put(ID, ColumnType.STRING);
        columns.forEach((column, type) -> {
            requireIdentifier(column, "column name");
            Objects.requireNonNull(type, "type of column " + column);
            if (column.equals(ID) && type != ColumnType.STRING) {
                throw new IllegalArgumentException("column 'id' of table " + name + " must be STRING, not " + type);
            }
            ordered.put(column, type);
        });
        columns = Collections.unmodifiableMap(ordered);
    }

    /**
     * The type of a column.
     *
     * @param column the column's name
     * @return its type, or {@code null} when the definition does not name it
     */
    public ColumnType typeOf(String column) {
        return columns.get(column);
    }

    /**
     * Checks that a table or column name is a plain identifier (letters, digits, underscore; not starting
     * with a digit; at most 128 characters), so that stores can quote it safely.
     *
     * @param identifier the name
     * @param what       what the name is, for the message (e.g. {@code "table name"})
     * @return the name
     * @throws IllegalArgumentException naming the bad identifier
     */
    public static String requireIdentifier(String identifier, String what) {
        if (!isIdentifier(identifier)) {
            throw new IllegalArgumentException("Invalid " + what + " '" + identifier + "': use letters, digits and"
                    + " underscores only, starting with a letter or underscore, at most 128 characters");
        }
        return identifier;
    }

    /**
     * {@code [A-Za-z_][A-Za-z0-9_]*}, at most 128 characters, checked character by character: every store query
     * checks its names, several per local write, and a regular expression cost a fifth of a local insert.
     */
    private static boolean isIdentifier(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.length() > LONGEST_IDENTIFIER) {
            return false;
        }
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}

package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.ColumnType;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

/**
 * What differs between the databases a {@link JdbcStore} runs on. Everything else (schema, queries, batching,
 * transactions) is written once in this package in the SQL that SQLite, H2 and PostgreSQL understand. A dialect
 * holds no state; its methods return SQL fragments in which every value is a {@code ?} bind parameter and every
 * name arrives already validated and quoted.
 */
public interface JdbcDialect {

    /** What connections are for, so that {@link #configure} can set each up. */
    enum Role {
        /** The one connection every write and every transaction goes through. */
        WRITER,
        /** A connection used only for reads outside transactions. */
        READER
    }

    /**
     * A short name for messages.
     *
     * @return the database's name, e.g. {@code "SQLite"}
     */
    String name();

    /**
     * Quotes a name that is known to be safe (letters, digits, underscore and {@code $}) so that the database
     * keeps its case. The default uses SQL's double quotes.
     *
     * @param identifier a table or column name made of safe characters only
     * @return the quoted name
     */
    default String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /**
     * Why the database keeps a table name for itself, or {@code null} when a table may have it; the store then
     * refuses the name before creating anything. The default reserves none.
     *
     * @param name a table name the app asked for
     * @return the reason the name is taken, or {@code null}
     */
    default String reservedTableName(String name) {
        return null;
    }

    /**
     * The SQL type of a column of this type.
     *
     * @param type the column's type in the table definition
     * @return the SQL type, e.g. {@code "BIGINT"}
     */
    String columnType(ColumnType type);

    /**
     * The SQL type of the text column that holds a table's extra fields as JSON.
     *
     * @return an unbounded text type, e.g. {@code "TEXT"}
     */
    String textType();

    /**
     * An insert-or-replace of one row by its key: {@code columns} are quoted, the first is {@code key}; the
     * statement has one {@code ?} per column, in that order, and replaces every column of an existing row.
     *
     * @param table the quoted table name
     * @param columns the quoted column names, the key first
     * @param key the quoted key column
     * @return the statement
     */
    String upsert(String table, List<String> columns, String key);

    /**
     * An insert of one row that leaves an existing row with the same key alone: {@code columns} as for
     * {@link #upsert}, one {@code ?} per column in that order; the store reads the update count (0: the key was
     * taken). The default is the standard {@code INSERT ... ON CONFLICT (key) DO NOTHING} (SQLite 3.24+,
     * PostgreSQL 9.5+). A database without it may return a plain {@code INSERT} if a failed statement leaves its
     * transaction usable (H2): the store takes a failure with SQLState 23505 (unique violation) as a taken key.
     *
     * @param table the quoted table name
     * @param columns the quoted column names, the key first
     * @param key the quoted key column
     * @return the statement
     */
    default String insertIfAbsent(String table, List<String> columns, String key) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT (" + key
                + ") DO NOTHING";
    }

    /**
     * Whether a batch of {@link #insertIfAbsent} statements says row by row which it inserted: an update count of 1
     * or 0 for each, no failure on a taken key, no {@code SUCCESS_NO_INFO}. The default's {@code ON CONFLICT DO
     * NOTHING} does on SQLite. Where not (H2's plain insert fails on a taken key; a driver that rewrites a batch of
     * inserts into one statement reports no count per row), the store writes such a batch as {@code INSERT ...
     * SELECT ... WHERE NOT EXISTS} (the key looked up first), which every database here runs and counts row by row.
     *
     * @return {@code true} when batches of {@link #insertIfAbsent} are counted row by row
     */
    default boolean insertIfAbsentCountsInBatches() {
        return true;
    }

    /**
     * A boolean expression: two values differ, where null differs from any value but null and equals null (SQL's
     * {@code IS DISTINCT FROM}, the default, which SQLite spells {@code IS NOT}).
     *
     * @param left a quoted column or {@code ?}
     * @param right a quoted column or {@code ?}
     * @return the boolean expression
     */
    default String distinct(String left, String right) {
        return left + " IS DISTINCT FROM " + right;
    }

    /**
     * The expression to compare and order a string column (or a {@code ?}) by, such that the order is the
     * order of Unicode code points (UTF-8 bytes). SQLite's default BINARY collation already is.
     *
     * @param expression a quoted column or {@code ?}
     * @return the expression to compare and order by
     */
    default String stringOrderKey(String expression) {
        return expression;
    }

    /**
     * A boolean expression: {@code column} starts with the string parameter. Every {@code ?} in it is bound to
     * that same value. Must be case-sensitive and literal (no wildcards: not {@code LIKE}).
     *
     * @param column the quoted column
     * @return the boolean expression
     */
    String startsWith(String column);

    /**
     * As {@link #startsWith}, for a suffix.
     *
     * @param column the quoted column
     * @return the boolean expression
     */
    String endsWith(String column);

    /**
     * As {@link #startsWith}, for a substring anywhere.
     *
     * @param column the quoted column
     * @return the boolean expression
     */
    String contains(String column);

    /**
     * The clause that follows {@code ORDER BY} to page: with {@code top}, one {@code ?} for the row count;
     * with {@code skip}, one {@code ?} for the offset (after the count when both). Called only when at least
     * one of the two is wanted.
     *
     * @param top whether a row count is bound
     * @param skip whether an offset is bound
     * @return the clause, e.g. {@code "LIMIT ? OFFSET ?"}
     */
    String limit(boolean top, boolean skip);

    /**
     * Whether schema changes (CREATE, ALTER) can run inside a transaction and roll back with it.
     *
     * @return {@code true} when they roll back with the transaction
     */
    boolean transactionalSchemaChanges();

    /**
     * The most bind parameters one statement may have; the store splits batches to stay under it.
     *
     * @return the limit
     */
    int maxParameters();

    /**
     * Sets up a new connection (pragmas, isolation). The connection is in auto-commit mode; the store switches
     * the writer out of it afterwards.
     *
     * @param connection the new connection
     * @param role what the store uses it for
     * @throws SQLException when the database refuses a setting; the store does not open
     */
    void configure(Connection connection, Role role) throws SQLException;

    /**
     * The statement that starts a write transaction on the writer connection, or {@code null} to let JDBC start
     * one with the first statement (the writer is then out of auto-commit mode). With a statement, the writer
     * stays in auto-commit mode, and the store runs the statement before each write or transaction and
     * {@code COMMIT} or {@code ROLLBACK} after it.
     *
     * @return the statement, or {@code null}
     */
    default String beginWrite() {
        return null;
    }

    /**
     * A statement the store runs first in every write transaction on the writer (after {@link #beginWrite}), or
     * {@code null}. A database shared by several processes takes a lock with it that the transaction holds until
     * it ends, so that each transaction's reads and writes happen as one step across processes. The statement
     * may return rows; they are ignored.
     *
     * @return the statement, or {@code null}
     */
    default String lockWrite() {
        return null;
    }

    /**
     * Whether a failure means the database is locked or busy (by another process, say), so a retry may work.
     *
     * @param failure what a statement threw
     * @return {@code true} when a retry may work
     */
    boolean isBusy(SQLException failure);

    /**
     * The standard upsert, {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c} (SQLite 3.24+,
     * PostgreSQL 9.5+), for dialects whose {@link #upsert} is exactly that.
     *
     * @param table the quoted table name
     * @param columns the quoted column names, the key first
     * @param key the quoted key column
     * @return the statement
     */
    static String insertOnConflictUpdate(String table, List<String> columns, String key) {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        StringJoiner updates = new StringJoiner(", ");
        for (String column : columns) {
            names.add(column);
            values.add("?");
            if (!column.equals(key)) {
                updates.add(column + " = excluded." + column);
            }
        }
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT (" + key + ") DO "
                + (updates.length() == 0 ? "NOTHING" : "UPDATE SET " + updates);
    }
}

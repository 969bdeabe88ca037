package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.Predicate;
import dev.offlinesync.spi.ReadResult;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import dev.offlinesync.spi.Written;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The SQL implementation of {@link SyncContextDataSource}, for any database a {@link JdbcDialect} describes
 * ({@code SqliteStore} and {@code H2Store} are this class with their dialect and connection settings).
 *
 * <p>Every write and every {@linkplain #transaction transaction} goes through one writer connection, guarded
 * by a lock: threads take turns instead of meeting lock or busy errors of the database, and a nested
 * transaction on the same thread joins the outer one. Reads outside a transaction use separate reader
 * connections (up to {@code readerConnections}), so they see the last commit and neither wait for the writer
 * nor hold it up; with {@code readerConnections == 0} reads take turns on the writer too. Calls on a thread
 * that runs a transaction, reads included, belong to that transaction.
 *
 * <p>Each table is a SQL table with one typed column per defined column (dates as epoch milliseconds) and one
 * JSON text column for the fields the definition does not name. Filters and orderings become parameterised
 * SQL; the few that SQL cannot answer exactly (on fields the definition does not name) are finished in Java.
 */
public class JdbcStore implements SyncContextDataSource {

    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());

    private static final What START = new What("start a transaction", null);
    private static final What COMMIT = new What("commit a transaction", null);

    private final JdbcDialect dialect;
    private final String description;
    private final Schema schema;
    private final Queries queries;
    private final VersionedUpsert versioned;
    /** Shared by the stores of one database when the factory says so. */
    private final ReentrantLock lock;
    /** Taken by reads on reader connections, and exclusively by schema changes. Never by the writer's reads. */
    private final ReentrantReadWriteLock schemaLock = new ReentrantReadWriteLock();
    /** Guarded by {@link #lock}. */
    private final SqlConnection writer;
    /** {@code null} when reads share the writer. */
    private final ReaderPool readers;
    /** Nesting depth of the running transaction; guarded by {@link #lock}. */
    private int depth;
    /**
     * A write of several statements that failed in the running transaction, perhaps halfway; the transaction
     * then rolls back even when its work caught the failure. Guarded by {@link #lock}.
     */
    private Throwable failedWrite;
    private volatile boolean closed;
    private final ConnectionFactory connections;

    /**
     * Opens a store: the writer connection now (creating the metadata tables of a new database, or checking an
     * existing one), readers when first needed.
     *
     * @param dialect           what differs in SQL between databases
     * @param connections       opens connections to the database
     * @param readerConnections the most connections reads use at once; 0 to read on the writer
     * @param description       what the store is, for messages, e.g. {@code "SQLite file /data/app.db"}
     * @throws StoreException when the database cannot be opened or was made by a newer version
     */
    public JdbcStore(JdbcDialect dialect, ConnectionFactory connections, int readerConnections, String description) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.description = Objects.requireNonNull(description, "description");
        this.lock = Objects.requireNonNull(connections.writeLock(), "writeLock");
        if (readerConnections < 0) {
            throw new IllegalArgumentException("readerConnections must be >= 0, was " + readerConnections);
        }
        this.schema = new Schema(dialect, description);
        this.queries = new Queries(dialect);
        this.versioned = new VersionedUpsert(dialect);
        this.writer = open(connections, JdbcDialect.Role.WRITER);
        try {
            writer.begin();
            schema.open(writer);
            writer.commit();
            schema.publish();
        } catch (SQLException | RuntimeException e) {
            writer.close();
            if (e instanceof StoreException storeException) {
                throw storeException;
            }
            throw failure(new What("open the database", null), e);
        }
        this.readers = readerConnections == 0 ? null
                : new ReaderPool(() -> open(connections, JdbcDialect.Role.READER), readerConnections, dialect,
                        description);
        LOG.log(System.Logger.Level.DEBUG, "opened {0}", description);
    }

    private SqlConnection open(ConnectionFactory connections, JdbcDialect.Role role) {
        try {
            return SqlConnection.open(connections, dialect, role);
        } catch (SQLException | RuntimeException e) {
            throw failure(new What("open and set up a connection", null), e);
        }
    }

    @Override
    public final void defineTable(TableDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        lock.lock();
        try {
            ensureOpen();
            if (depth > 0 && !dialect.transactionalSchemaChanges()) {
                throw new StoreException("defineTable(" + definition.name() + ") cannot run inside a transaction on "
                        + dialect.name() + ", where schema changes commit at once: define tables before"
                        + " starting transactions");
            }
            // Readers wait while the schema changes: H2 rebuilds a table to add a column, and a reader's
            // statement would find no table for a moment.
            schemaLock.writeLock().lock();
            try {
                write(new What("define table ", definition.name()), true, c -> schema.define(c, definition));
            } finally {
                schemaLock.writeLock().unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final Optional<Map<String, Object>> lookup(String table, String id) {
        Objects.requireNonNull(id, "id");
        return read(new What("look up a row of ", table), c -> queries.lookup(c, schema.table(table, c == writer), id));
    }

    @Override
    public final ReadResult read(StoreQuery query) {
        Objects.requireNonNull(query, "query");
        return read(new What("read table ", query.table()), c -> queries.read(c, schema.table(query.table(), c == writer), query));
    }

    @Override
    public final void upsert(String table, List<Map<String, Object>> rows) {
        Objects.requireNonNull(rows, "rows");
        write(new What("upsert rows into ", table), rows.size() > 1, c -> {
            queries.upsert(c, schema.table(table, true), rows);
            return null;
        });
    }

    /** At most two batches and no read when the version is a column (see {@code VersionedUpsert}), else the default. */
    @Override
    public final List<Written> upsertChanged(String table, List<Map<String, Object>> rows, String versionColumn) {
        Objects.requireNonNull(rows, "rows");
        return transaction(ops -> {
            Table.Column version = schema.table(table, true).column(versionColumn);
            if (version == null || version.index() == 0) {
                return SyncContextDataSource.super.upsertChanged(table, rows, versionColumn);
            }
            return write(new What("write rows by version into ", table), true,
                    c -> versioned.write(c, schema.table(table, true), version, rows));
        });
    }

    /** One statement, which tells whether the id was taken (see {@code Queries.insertIfAbsent}). */
    @Override
    public final boolean insertIfAbsent(String table, Map<String, Object> row) {
        Objects.requireNonNull(row, "row");
        return write(new What("insert a row into ", table), false,
                c -> queries.insertIfAbsent(c, schema.table(table, true), row));
    }

    /** One statement that checks, numbers and writes (see {@code Queries.insertNumbered}). */
    @Override
    public final boolean insertNumbered(String table, Map<String, Object> row, String counter, Predicate unless) {
        Objects.requireNonNull(row, "row");
        return write(new What("write a numbered row into ", table), false,
                c -> queries.insertNumbered(c, schema.table(table, true), row, counter, unless));
    }

    @Override
    public final long delete(String table, Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        return write(new What("delete rows of ", table), ids.size() > 1, c -> queries.delete(c, schema.table(table, true), ids));
    }

    @Override
    public final long deleteWhere(String table, Predicate where) {
        return write(new What("delete rows of ", table), true, c -> queries.deleteWhere(c, schema.table(table, true), where));
    }

    /**
     * Runs work in one transaction on the writer connection, holding the writer lock from start to end: other
     * threads' writes and transactions wait, their reads see the last commit. A nested call on the same thread
     * joins the outer transaction; only the outermost commits or rolls back. The work must use the store from
     * this thread (another thread's reads do not see the transaction's writes, and its writes wait for it).
     */
    @Override
    public final <T> T transaction(Function<StoreOperations, T> work) {
        Objects.requireNonNull(work, "work");
        lock.lock();
        try {
            ensureOpen();
            if (depth > 0) {
                depth++;
                try {
                    return work.apply(this);
                } finally {
                    depth--;
                }
            }
            depth = 1;
            try {
                begin(START);
                T result = work.apply(this);
                if (failedWrite != null) {
                    throw new StoreException(description + ": a write of this transaction failed (" + failedWrite
                            + ") and may be half done, so the transaction rolled back: let the failure end the"
                            + " transaction, or check values before writing them", failedWrite);
                }
                commit(writer, COMMIT);
                return result;
            } catch (Throwable failure) {
                rollback(writer, failure);
                throw failure;
            } finally {
                depth = 0;
                failedWrite = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the connections, after a running transaction ends, then tells the connection factory, even when a
     * connection failed to close (it opens none after this either way); that failure is then thrown as a
     * {@link StoreException}, the store closed all the same. Closing twice is harmless.
     */
    @Override
    public final void close() {
        List<Exception> failures = new ArrayList<>(0);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (readers != null) {
                    readers.close(failures);
                }
                writer.closeReporting();
            } catch (SQLException | RuntimeException e) {
                failures.add(e);
            } finally {
                connections.storeClosed();
            }
        } finally {
            lock.unlock();
        }
        ReaderPool.throwClosingFailures(failures, description);
        LOG.log(System.Logger.Level.DEBUG, "closed {0}", description);
    }

    /** How many statements the writer has prepared (compiled) since the store opened; read under its lock. */
    final long statementsPrepared() {
        return transaction(ops -> writer.prepared());
    }

    /** How many statements the writer has run since the store opened; read under its lock. */
    final long statementsRun() {
        return transaction(ops -> writer.run());
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Runs a write on the writer: on its own it commits (or rolls back); in a transaction it joins it. A write of
     * several statements that fails in the database inside a transaction dooms the transaction (no savepoints:
     * in SQLite they copy every changed page to a statement journal, which cost a third of a page's upsert).
     */
    private <T> T write(What what, boolean severalStatements, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            if (depth > 0) {
                try {
                    return work.run(writer);
                } catch (SQLException e) {
                    StoreException failure = failure(what, e);
                    // A write that failed halfway in the database cannot be undone alone (values are checked
                    // before any SQL, so this is an I/O failure, say): the transaction can only roll back.
                    if (severalStatements) {
                        failedWrite = failure;
                    }
                    throw failure;
                }
            }
            try {
                begin(what);
                T result = run(what, work, writer);
                commit(writer, what);
                return result;
            } catch (RuntimeException | Error failure) {
                rollback(writer, failure);
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a read: in the caller's transaction when this thread runs one, else on a reader connection (or on
     * the writer, taking turns, when there are no readers).
     */
    private <T> T read(What what, SqlWork<T> work) {
        if (readers == null || lock.isHeldByCurrentThread()) {
            return write(what, false, work);
        }
        ensureOpen();
        schemaLock.readLock().lock();
        try {
            return readers.read(what, work, this::failure);
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    private <T> T run(What what, SqlWork<T> work, SqlConnection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private void begin(What what) {
        try {
            writer.begin();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private void commit(SqlConnection connection, What what) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw failure(what, e);
        }
        if (connection == writer) {
            schema.publish();
        }
    }

    /** Rolls back after a failure, attaching a failed rollback to it; returns whether the rollback worked. */
    private boolean rollback(SqlConnection connection, Throwable failure) {
        if (connection == writer) {
            // Where schema changes commit at once (H2), the next defineTable finds the columns already there.
            schema.discard();
        }
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(description + " is closed: open the store again to use it");
        }
    }

    private StoreException failure(What what, Exception e) {
        return What.failure(what, e, dialect, description, closed);
    }
}

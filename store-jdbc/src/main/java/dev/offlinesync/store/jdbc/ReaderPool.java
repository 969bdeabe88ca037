package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The connections reads use outside transactions, opened on demand up to a maximum and kept for reuse. A
 * reader never writes, so with SQLite's WAL (and H2's MVCC) readers and the writer do not block each other.
 */
final class ReaderPool {

    /** The store's logger, which is the name its logging is configured by. */
    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());
    /** Tries of a read that finds the database busy, the first included. */
    private static final int BUSY_RETRIES = 3;

    /** Opens and configures a reader connection. */
    interface Opener {
        SqlConnection open() throws SQLException;
    }

    private final Opener opener;
    private final int max;
    private final JdbcDialect dialect;
    private final String description;
    private final Deque<SqlConnection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ReaderPool(Opener opener, int max, JdbcDialect dialect, String description) {
        this.opener = opener;
        this.max = max;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Runs a read on a borrowed reader and ends its transaction, trying again (on a reader) when the database
     * is busy; {@code failure} turns what the database threw into the store's failure.
     */
    <T> T read(What what, SqlWork<T> work, BiFunction<What, Exception, StoreException> failure) {
        for (int attempt = 1; ; attempt++) {
            SqlConnection reader;
            try {
                reader = borrow();
            } catch (SQLException e) {
                throw failure.apply(what, e);
            }
            boolean broken = false;
            try {
                T result = work.run(reader);
                reader.commit();
                return result;
            } catch (SQLException e) {
                broken = !rollback(reader, e);
                if (dialect.isBusy(e) && attempt < BUSY_RETRIES) {
                    LOG.log(System.Logger.Level.DEBUG, "{0} busy, retrying a read", description);
                    continue;
                }
                throw failure.apply(what, e);
            } catch (RuntimeException | Error thrown) {
                broken = !rollback(reader, thrown);
                throw thrown;
            } finally {
                giveBack(reader, broken);
            }
        }
    }

    /** Rolls back after a failure, attaching a failed rollback to it; returns whether the rollback worked. */
    private static boolean rollback(SqlConnection reader, Throwable failure) {
        try {
            reader.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** An idle reader, a new one, or (at the maximum) the next one given back. */
    SqlConnection borrow() throws SQLException {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new StoreException(description + " is closed: open the store again");
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (open < max) {
                    open++;
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for a reader connection of " + description, e);
                }
            }
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** Takes a reader back; a broken one, or any after {@link #close}, is closed instead. */
    void giveBack(SqlConnection reader, boolean broken) {
        synchronized (this) {
            if (!closed && !broken) {
                idle.push(reader);
                notifyAll();
                return;
            }
            open--;
            notifyAll();
        }
        reader.close();
    }

    /**
     * Closes the idle readers now and the borrowed ones when they come back; each idle reader is closed whatever the
     * others do, and what failed is added to {@code failures}.
     */
    void close(List<Exception> failures) {
        Deque<SqlConnection> toClose;
        synchronized (this) {
            closed = true;
            open -= idle.size();
            toClose = new ArrayDeque<>(idle);
            idle.clear();
            notifyAll();
        }
        for (SqlConnection reader : toClose) {
            try {
                reader.closeReporting();
            } catch (SQLException | RuntimeException e) {
                failures.add(e);
            }
        }
    }

    /** Throws what failed while a store closed its connections, if anything did. */
    static void throwClosingFailures(List<Exception> failures, String description) {
        if (!failures.isEmpty()) {
            StoreException failure = new StoreException("Closing " + description + " failed: " + failures.get(0)
                    + ". The store is closed and what it committed is kept; check the database's disk and driver"
                    + " before opening it again", failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}

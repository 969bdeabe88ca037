package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreException;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The connections reads use outside transactions, opened on demand up to a maximum and kept for reuse. A
 * reader never writes, so with SQLite's WAL (and H2's MVCC) readers and the writer do not block each other.
 */
final class ReaderPool {

    /** Opens and configures a reader connection. */
    interface Opener {
        SqlConnection open() throws SQLException;
    }

    private final Opener opener;
    private final int max;
    private final String description;
    private final Deque<SqlConnection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ReaderPool(Opener opener, int max, String description) {
        this.opener = opener;
        this.max = max;
        this.description = description;
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

    /** Closes the idle readers now and the borrowed ones when they come back. */
    void close() {
        Deque<SqlConnection> toClose;
        synchronized (this) {
            closed = true;
            open -= idle.size();
            toClose = new ArrayDeque<>(idle);
            idle.clear();
            notifyAll();
        }
        toClose.forEach(SqlConnection::close);
    }
}

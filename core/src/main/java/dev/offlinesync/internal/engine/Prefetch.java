package dev.offlinesync.internal.engine;

import dev.offlinesync.SyncException;
import dev.offlinesync.internal.engine.PageFetcher.Fetched;
import dev.offlinesync.internal.engine.PullCursor.Cursor;
import dev.offlinesync.internal.http.RetryWait;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Fetches and checks the pages of a pull on its own thread, a few pages ahead of the thread that applies them, so
 * that a page's request, transfer and parsing overlap the commit of the page before. Pages come out in order; a
 * failure comes out where its page would have, after every page fetched before it, so that those are still applied
 * as a pull that fetches one page at a time would have applied them.
 */
final class Prefetch {

    /** A failed fetch, in the place of its page. */
    private record Failure(RuntimeException error) {
    }

    /** Pages and at most one failure: one place more than {@code room} allows pages, so a failure always fits. */
    private final BlockingQueue<Object> pages;
    /** How many more pages may be fetched ahead. */
    private final Semaphore room;
    private final int capacity;
    private final Thread thread;
    private volatile boolean stopped;

    Prefetch(PageFetcher fetcher, Cursor from, long received, int capacity, String table) {
        this.pages = new ArrayBlockingQueue<>(capacity + 1);
        this.room = new Semaphore(capacity);
        this.capacity = capacity;
        this.thread = new Thread(() -> fetchAll(fetcher, from, received), "offlinesync-pull-" + table);
        thread.setDaemon(true);
        thread.start();
    }

    private void fetchAll(PageFetcher fetcher, Cursor from, long received) {
        RetryWait.giveUpWhen(() -> stopped); // a wait to retry a page nobody will take is given up at once
        Cursor cursor = from;
        long count = received;
        boolean ended = false;
        try {
            while (!stopped) {
                Fetched page;
                try {
                    page = fetcher.fetch(cursor, count, false);
                } catch (RuntimeException e) {
                    ended = true;
                    pages.put(new Failure(e));
                    return;
                }
                ended = page.rows().isEmpty() || page.last();
                room.acquire();
                if (stopped) {
                    return; // the pull ended while this page was fetched: nobody takes it
                }
                pages.put(page);
                if (ended) {
                    return;
                }
                cursor = page.next();
                count += page.rows().size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped: nobody takes pages any more
        } finally {
            if (!ended && !stopped) {
                pages.offer(new Failure(new SyncException("The pull stopped: the thread fetching its pages ended"
                        + " unexpectedly. Pull again; pages applied so far are kept")));
            }
        }
    }

    /**
     * The next page if it has arrived, else null; a failure waits for {@link #take()}, so that the pages before it
     * are applied first. Only the applying thread takes pages out, so the head seen is the one removed.
     */
    Fetched poll() {
        Object head = pages.peek();
        if (head == null || head instanceof Failure) {
            return null;
        }
        room.release();
        return (Fetched) pages.poll();
    }

    /** The next page, waiting for it. */
    Fetched take() {
        try {
            return unwrap(pages.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException("The pull was interrupted while waiting for a page; pages applied so far are"
                    + " kept", e);
        }
    }

    /**
     * Stops fetching; a page being fetched is dropped. The thread is not interrupted: an interrupt inside a request
     * makes the JDK client cancel the exchange and close its connection, which can be one it has just handed back
     * to its pool for the next request. The page in flight is fetched to its end (within the request's own limits)
     * and dropped; the permits released here keep the thread from then waiting for room nobody will make, and a wait
     * to retry it (no request in progress then) is given up.
     */
    void stop() {
        stopped = true;
        room.release(capacity + 1);
        RetryWait.wake(thread);
    }

    private Fetched unwrap(Object next) {
        if (next instanceof Failure failure) {
            throw failure.error();
        }
        room.release();
        return (Fetched) next;
    }
}

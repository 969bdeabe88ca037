package dev.offlinesync;

import java.util.function.Consumer;

/**
 * Settings of one pull. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * todos.pull(query, "open-todos", PullOptions.defaults().withPageSize(200).withProgress(p -> show(p)));
 * }</pre>
 *
 * @param pageSize  rows asked per request; default 1000, at most what the server accepts (1000 for Mobile Apps)
 * @param maxItems  stop after this many rows; default {@code Long.MAX_VALUE} (all)
 * @param progress  called after each applied page, on the pulling thread; default does nothing
 * @param reconcile read the whole query again, ignoring the query id's saved position, and remove the local rows
 *                  that match the query's filter but that the server no longer returns for it (rows with a queued
 *                  local change stay); default {@value #DEFAULT_RECONCILE}
 * @param countTotal ask the server, with the first page, how many rows the pull will receive, and report it as
 *                  {@link PullProgress#serverTotal()}; default {@value #DEFAULT_COUNT_TOTAL}
 */
public record PullOptions(int pageSize, long maxItems, Consumer<PullProgress> progress, boolean reconcile,
                          boolean countTotal) {

    /** The default page size. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    /** By default a pull does not remove local rows the server stopped returning for the query. */
    public static final boolean DEFAULT_RECONCILE = false;

    /** By default a pull does not ask the server for a total (counting costs the server a query). */
    public static final boolean DEFAULT_COUNT_TOTAL = false;

    /**
     * Checks the page size and the maximum.
     *
     * @param pageSize   rows asked per request, at least 1
     * @param maxItems   stop after this many rows, 0 or more
     * @param progress   called after each applied page; {@code null} for none
     * @param reconcile  read the whole query again and remove the local rows the server no longer returns for it
     * @param countTotal ask the server how many rows the pull will receive
     * @throws InvalidItemException when the page size or the maximum is out of range
     */
    public PullOptions {
        if (pageSize < 1) {
            throw new InvalidItemException("pageSize must be at least 1, was " + pageSize);
        }
        if (maxItems < 0) {
            throw new InvalidItemException("maxItems must be >= 0, was " + maxItems);
        }
        progress = progress == null ? p -> { } : progress;
    }

    /**
     * Options without reconciling.
     *
     * @param pageSize rows asked per request, at least 1
     * @param maxItems stop after this many rows, 0 or more
     * @param progress called after each applied page; {@code null} for none
     */
    public PullOptions(int pageSize, long maxItems, Consumer<PullProgress> progress) {
        this(pageSize, maxItems, progress, DEFAULT_RECONCILE);
    }

    /**
     * Options without asking for a total.
     *
     * @param pageSize  rows asked per request, at least 1
     * @param maxItems  stop after this many rows, 0 or more
     * @param progress  called after each applied page; {@code null} for none
     * @param reconcile read the whole query again and remove the local rows the server no longer returns for it
     */
    public PullOptions(int pageSize, long maxItems, Consumer<PullProgress> progress, boolean reconcile) {
        this(pageSize, maxItems, progress, reconcile, DEFAULT_COUNT_TOTAL);
    }

    /**
     * What {@link SyncTable#pull(Query, String)} uses: page size {@value #DEFAULT_PAGE_SIZE}, every item, no progress
     * reporting, no reconciling ({@value #DEFAULT_RECONCILE}), no total asked ({@value #DEFAULT_COUNT_TOTAL}).
     *
     * @return the default options
     */
    public static PullOptions defaults() {
        return new PullOptions(DEFAULT_PAGE_SIZE, Long.MAX_VALUE, null, DEFAULT_RECONCILE, DEFAULT_COUNT_TOTAL);
    }

    /**
     * These options with another page size.
     *
     * @param size rows asked per request, at least 1
     * @return new options
     */
    public PullOptions withPageSize(int size) {
        return new PullOptions(size, maxItems, progress, reconcile, countTotal);
    }

    /**
     * These options with another maximum.
     *
     * @param max stop after this many rows, 0 or more
     * @return new options
     */
    public PullOptions withMaxItems(long max) {
        return new PullOptions(pageSize, max, progress, reconcile, countTotal);
    }

    /**
     * These options with another progress listener.
     *
     * @param listener called after each applied page, on the pulling thread; {@code null} for none
     * @return new options
     */
    public PullOptions withProgress(Consumer<PullProgress> listener) {
        return new PullOptions(pageSize, maxItems, listener, reconcile, countTotal);
    }

    /**
     * Whether this pull reads the whole query and removes local rows that match its filter but were not returned.
     * Cannot be combined with a maximum (the query's {@code top} or {@link #withMaxItems}): only a pull that read
     * everything knows what is gone.
     *
     * @param value {@code true} to reconcile
     * @return new options
     */
    public PullOptions withReconcile(boolean value) {
        return new PullOptions(pageSize, maxItems, progress, value, countTotal);
    }

    /**
     * Whether the first request asks the server how many rows the pull will receive ({@code $inlinecount}, or
     * {@code $count} on Datasync), so that progress can tell a total.
     *
     * @param value {@code true} to ask
     * @return new options
     */
    public PullOptions withCountTotal(boolean value) {
        return new PullOptions(pageSize, maxItems, progress, reconcile, value);
    }
}

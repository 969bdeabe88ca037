package dev.offlinesync;

import java.util.function.Consumer;

/**
 * Settings of one pull.
 *
 * @param pageSize rows asked per request; default 1000, at most what the server accepts (1000 for Mobile Apps)
 * @param maxItems stop after this many rows; default {@code Long.MAX_VALUE} (all)
 * @param progress called after each applied page, on the pulling thread; default does nothing
 */
public record PullOptions(int pageSize, long maxItems, Consumer<PullProgress> progress) {

    /** The default page size. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    public PullOptions {
        if (pageSize < 1) {
            throw new InvalidItemException("pageSize must be at least 1, was " + pageSize);
        }
        if (maxItems < 0) {
            throw new InvalidItemException("maxItems must be >= 0, was " + maxItems);
        }
        progress = progress == null ? p -> { } : progress;
    }

    /** Page size 1000, every item, no progress reporting. */
    public static PullOptions defaults() {
        return new PullOptions(DEFAULT_PAGE_SIZE, Long.MAX_VALUE, null);
    }

    public PullOptions withPageSize(int size) {
        return new PullOptions(size, maxItems, progress);
    }

    public PullOptions withMaxItems(long max) {
        return new PullOptions(pageSize, max, progress);
    }

    public PullOptions withProgress(Consumer<PullProgress> listener) {
        return new PullOptions(pageSize, maxItems, listener);
    }
}

package dev.offlinesync.testkit;

import dev.offlinesync.ProtocolDialect;

import java.time.Clock;
import java.util.Objects;

/**
 * The settings of a {@link FakeTableService}: what its builder has been told, with the checks of each value, and
 * the copy a service starts with, in which a page size or {@code $top} left unset is its dialect's. The copy is
 * never changed, so a builder used again does not reach a running service.
 */
final class FakeSettings {

    ProtocolDialect dialect = ProtocolDialect.MOBILE_APPS;
    /** 0 until set: the dialect's. */
    int defaultPageSize;
    /** 0 until set: the dialect's. */
    int maxTop;
    int maxPageSize = Integer.MAX_VALUE;
    boolean subMillisecond;
    String applicationKey = FakeTableService.DEFAULT_APPLICATION_KEY;
    Clock clock = Clock.systemUTC();
    int threads = FakeTableService.DEFAULT_THREADS;

    /** A copy with the dialect's page size and largest {@code $top} where none was set. */
    FakeSettings resolved() {
        boolean datasync = dialect == ProtocolDialect.DATASYNC;
        FakeSettings copy = new FakeSettings();
        copy.dialect = dialect;
        copy.defaultPageSize = defaultPageSize > 0 ? defaultPageSize
                : datasync ? FakeTableService.DATASYNC_PAGE_SIZE : FakeTableService.DEFAULT_PAGE_SIZE;
        copy.maxTop = maxTop > 0 ? maxTop
                : datasync ? FakeTableService.DATASYNC_MAX_TOP : FakeTableService.DEFAULT_MAX_TOP;
        copy.maxPageSize = maxPageSize;
        copy.subMillisecond = subMillisecond;
        copy.applicationKey = applicationKey;
        copy.clock = clock;
        copy.threads = threads;
        return copy;
    }

    static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
        return value;
    }

    static String applicationKey(String key) {
        if (Objects.requireNonNull(key, "applicationKey").isEmpty()) {
            throw new IllegalArgumentException("applicationKey must not be empty");
        }
        return key;
    }
}

package dev.offlinesync.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock whose every reading is the next 100 ns step of one millisecond: {@code ms + 100 ns},
 * {@code ms + 200 ns}, ... up to 9,999 readings, so that many writes share the millisecond in a known order.
 * It starts above the whole millisecond because a stored value is almost never exactly the one on the wire,
 * which is what makes {@code updatedAt eq <wire value>} miss. Thread-safe.
 */
final class TicksWithinMillisecond extends Clock {

    private static final long STEPS = 9_999;
    private static final long STEP_NANOS = 100;

    private final Instant millisecond;
    private final AtomicLong readings;

    TicksWithinMillisecond(Instant millisecond) {
        this(millisecond, new AtomicLong());
    }

    private TicksWithinMillisecond(Instant millisecond, AtomicLong readings) {
        this.millisecond = millisecond;
        this.readings = readings;
    }

    @Override
    public Instant instant() {
        long step = readings.getAndIncrement();
        if (step >= STEPS) {
            throw new IllegalStateException("More than " + STEPS + " writes in the millisecond " + millisecond
                    + ": call setClockWithinMillisecond again with another millisecond, or setClock");
        }
        return millisecond.plusNanos((step + 1) * STEP_NANOS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

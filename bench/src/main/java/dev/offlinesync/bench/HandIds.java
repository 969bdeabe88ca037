package dev.offlinesync.bench;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Ids as a hand-written loop makes them: random, as most code does, or time-ordered, as the library does. */
enum HandIds implements Supplier<String> {
    /** {@code UUID.randomUUID()}. */
    RANDOM {
        @Override
        public String get() {
            return UUID.randomUUID().toString();
        }
    },
    /** Version 7 layout: the milliseconds, a counter within the millisecond, random bits. */
    TIME_ORDERED {
        @Override
        public String get() {
            long stamp = next();
            long high = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFFL);
            long low = ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
            return new UUID(high, low).toString();
        }
    };

    /** The last millisecond and counter handed out, as {@code millis << 12 | counter}. */
    private static long last;

    private static synchronized long next() {
        last = Math.max(last + 1, System.currentTimeMillis() << 12);
        return last;
    }
}

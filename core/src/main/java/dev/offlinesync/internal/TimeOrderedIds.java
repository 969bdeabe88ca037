package dev.offlinesync.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Makes the ids the library gives new items and queue entries: UUIDs of version 7 (a millisecond Unix timestamp,
 * then a 12-bit counter, then 62 random bits), increasing in the order they are made within this process.
 *
 * <p>Why not random (version 4) UUIDs: every store keeps its rows in B-trees keyed by id (the item's primary key, the
 * queue's, the queue's index by item). A random id lands on a random page of each, so every local write rewrites and
 * re-reads pages all over the file; an id that grows with time lands on the last page, which the previous write
 * touched. The server's tables are keyed the same way. What the id tells is when it was made, to the millisecond,
 * no more than the item's {@code createdAt} tells once it is pushed; its 62 random bits keep it as hard to guess as it
 * needs to be (ids are not secrets: the server's authorisation decides who reads what).
 *
 * <p>Ids made in one millisecond count up in the 12 bits after the timestamp, starting each millisecond at a random
 * value below 2048 so that ids of two processes in one millisecond do not follow the same run; should one millisecond
 * ever need more than the counter holds, the ids go on in the next millisecond. A clock that steps back does not make
 * an id smaller than the last one: the last timestamp is kept until the clock passes it.
 */
public final class TimeOrderedIds {

    private static final TimeOrderedIds SHARED = new TimeOrderedIds(System::currentTimeMillis, new SecureRandom());
    private static final int COUNTER_LIMIT = 1 << 12;
    private static final long TIMESTAMP_LIMIT = 1L << 48;

    private final LongSupplier clock;
    private final SecureRandom random;
    /** Timestamp and counter of the last id made; guarded by {@code this}. */
    private long lastMillis = Long.MIN_VALUE;
    private int counter;

    TimeOrderedIds(LongSupplier clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new id, greater (as text and as a UUID's bits) than every id this process made before it. */
    public static String next() {
        return SHARED.make().toString();
    }

    UUID make() {
        long millis;
        int count;
        synchronized (this) {
            long now = clock.getAsLong();
            if (now > lastMillis) {
                lastMillis = now;
                counter = random.nextInt(COUNTER_LIMIT / 2);
            } else if (++counter == COUNTER_LIMIT) {
                lastMillis++;
                counter = random.nextInt(COUNTER_LIMIT / 2);
            }
            millis = lastMillis;
            count = counter;
        }
        if (millis < 0 || millis >= TIMESTAMP_LIMIT) {
            throw new IllegalStateException("the clock reads " + millis + " ms since 1970, which a version 7 UUID"
                    + " cannot hold: set the system clock");
        }
        long high = millis << 16 | 0x7000L | count;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}

package dev.offlinesync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(TimeOrderedIds.next());
        long after = System.currentTimeMillis();

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(before <= millis && millis <= after, millis + " not in [" + before + ", " + after + "]");
    }

    @Test
    void idsMadeOneAfterAnotherIncreaseAsTextEvenWithinOneMillisecond() {
        TimeOrderedIds ids = new TimeOrderedIds(() -> 1_700_000_000_000L, new SecureRandom());
        String last = "";
        for (int n = 0; n < 10_000; n++) { // more than one millisecond's counter holds: the ids go on in the next
            String id = ids.make().toString();
            assertTrue(id.compareTo(last) > 0, "id " + n + " " + id + " after " + last);
            last = id;
        }
        assertTrue(UUID.fromString(last).getMostSignificantBits() >>> 16 > 1_700_000_000_000L,
                "ids beyond one millisecond's counter take the next millisecond");
    }

    @Test
    void aClockThatStepsBackDoesNotMakeASmallerId() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        TimeOrderedIds ids = new TimeOrderedIds(clock::get, new SecureRandom());
        UUID before = ids.make();
        clock.addAndGet(-60_000);
        UUID after = ids.make();

        assertTrue(after.toString().compareTo(before.toString()) > 0, after + " after " + before);
        assertEquals(1_700_000_000_000L, after.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsMadeOnManyThreadsAreDistinctAndEachThreadsIncrease() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> made = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                made.add(threads.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int n = 0; n < 5_000; n++) {
                        mine.add(TimeOrderedIds.next());
                    }
                    return mine;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> future : made) {
                List<String> mine = future.get();
                for (int n = 1; n < mine.size(); n++) {
                    assertTrue(mine.get(n).compareTo(mine.get(n - 1)) > 0, mine.get(n) + " after " + mine.get(n - 1));
                }
                all.addAll(mine);
            }
            assertEquals(40_000, all.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClockBeyondWhatTheIdCanHoldIsRefusedWithTheReason() {
        TimeOrderedIds ids = new TimeOrderedIds(() -> 1L << 48, new SecureRandom());
        IllegalStateException refused = assertThrows(IllegalStateException.class, ids::make);
        assertTrue(refused.getMessage().contains("set the system clock"), refused.getMessage());
    }
}

package dev.offlinesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** A side that sleeps a given time on each call and notes the order of the calls. */
    private static Harness.Side side(String name, long millis, List<String> calls) {
        return () -> {
            calls.add(name);
            Thread.sleep(millis);
            return 1;
        };
    }

    @Test
    void aRunOfSeveralRoundsRunsTheRoundAndBothSidesEachTimeAlternatingWhoGoesFirst() throws Exception {
        List<String> calls = new ArrayList<>();
        Harness.Workload workload = new Harness.Workload("rounds", "rows", Harness.Unit.MILLIS,
                () -> calls.add("change"), side("library", 1, calls), side("hand", 1, calls), 0, 3);

        Harness.Result result = Harness.run(workload, 2, QUIET);

        assertEquals(List.of("change", "library", "hand", "change", "hand", "library", "change", "library", "hand",
                "change", "hand", "library", "change", "library", "hand", "change", "hand", "library"), calls);
        assertEquals(2, result.library().length);
    }

    @Test
    void aRunOfSeveralRoundsReportsTheMeanTimeOfOneRound() throws Exception {
        Harness.Workload workload = new Harness.Workload("rounds", "rows", Harness.Unit.MILLIS, null,
                side("library", 20, new ArrayList<>()), side("hand", 40, new ArrayList<>()), 0, 5);

        Harness.Result result = Harness.run(workload, 1, QUIET);

        double library = result.library()[0];
        double hand = result.hand()[0];
        // a sleep lasts at least what it asks: the mean of one round, not the sum of the five (100 and 200 ms)
        assertTrue(library >= 20 && library < 100, "library " + library + " ms");
        assertTrue(hand >= 40 && hand < 200, "hand " + hand + " ms");
    }
}

package dev.offlinesync.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a workload's two sides, the library and the hand-written loop, interleaved: its warm-ups of each (one unless
 * the workload asks for more, each after its round's setup, the side that goes first alternating), then
 * {@code runs} rounds, each side once per round, the side that goes first alternating. Reports min, median and
 * max of each side and the ratio of the medians, oriented so that above 1 means the library is faster.
 */
final class Harness {

    /** One side of a workload. */
    interface Side {
        /** Untimed, once before the first round: state kept over all runs, such as a replica pulled once. */
        default void open() throws Exception {
        }

        /** Untimed, before each run: a fresh database, queued operations to push. */
        default void prepare() throws Exception {
        }

        /**
         * The timed part; returns how many items (rows, operations) it handled, or for a {@link Unit#LATENCY}
         * workload the median latency of its run in microseconds.
         */
        long run() throws Exception;

        /** After the last run: closes and deletes what the side made. */
        default void finish() throws Exception {
        }
    }

    /** A round's shared, untimed setup (such as changing rows on the server), run before both sides. */
    interface Round {
        void before() throws Exception;
    }

    /**
     * What a figure means: items per second (higher is better), milliseconds per run, or milliseconds of latency
     * that the run itself measured (both lower is better).
     */
    enum Unit { RATE, MILLIS, LATENCY }

    /** {@code warmUps}: untimed rounds of both sides before the timed ones. */
    record Workload(String name, String items, Unit unit, Round round, Side library, Side hand, int warmUps) {
        Workload(String name, String items, Unit unit, Round round, Side library, Side hand) {
            this(name, items, unit, round, library, hand, 1);
        }
    }

    record Result(Workload workload, double[] library, double[] hand) {
        double ratio() {
            double lib = median(library);
            double own = median(hand);
            return workload.unit() == Unit.RATE ? lib / own : own / lib;
        }
    }

    private Harness() {
    }

    static Result run(Workload workload, int runs, PrintStream log) throws Exception {
        Side library = workload.library();
        Side hand = workload.hand();
        try {
            library.open();
            hand.open();
            for (int i = 0; i < workload.warmUps(); i++) {
                if (workload.round() != null) {
                    workload.round().before();
                }
                measure(workload, i % 2 == 0 ? library : hand);
                measure(workload, i % 2 == 0 ? hand : library);
            }
            double[] libraryRuns = new double[runs];
            double[] handRuns = new double[runs];
            for (int i = 0; i < runs; i++) {
                if (workload.round() != null) {
                    workload.round().before();
                }
                if (i % 2 == 0) {
                    libraryRuns[i] = measure(workload, library);
                    handRuns[i] = measure(workload, hand);
                } else {
                    handRuns[i] = measure(workload, hand);
                    libraryRuns[i] = measure(workload, library);
                }
                log.printf(Locale.ROOT, "  %s, run %d: library %s, hand-written %s%n", workload.name(), i + 1,
                        figure(workload, libraryRuns[i]), figure(workload, handRuns[i]));
            }
            return new Result(workload, libraryRuns, handRuns);
        } finally {
            try {
                library.finish();
            } finally {
                hand.finish();
            }
        }
    }

    private static double measure(Workload workload, Side side) throws Exception {
        side.prepare();
        long start = System.nanoTime();
        long items = side.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return switch (workload.unit()) {
            case RATE -> items / seconds;
            case MILLIS -> seconds * 1000;
            case LATENCY -> items / 1000.0;
        };
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The markdown table of the results. */
    static String table(List<Result> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| workload | library: median (min–max) | hand-written: median (min–max) | ratio |");
        lines.add("|---|---:|---:|---:|");
        for (Result result : results) {
            lines.add("| " + result.workload().name() + " | " + cell(result.workload(), result.library()) + " | "
                    + cell(result.workload(), result.hand()) + " | "
                    + String.format(Locale.ROOT, "%.2f", result.ratio()) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    private static String cell(Workload workload, double[] values) {
        double min = Arrays.stream(values).min().orElse(Double.NaN);
        double max = Arrays.stream(values).max().orElse(Double.NaN);
        return figure(workload, median(values)) + " (" + number(workload, min) + "–" + number(workload, max) + ")";
    }

    private static String figure(Workload workload, double value) {
        return number(workload, value) + (workload.unit() == Unit.RATE ? " " + workload.items() + "/s" : " ms");
    }

    private static String number(Workload workload, double value) {
        if (workload.unit() != Unit.RATE) {
            return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.0f", value);
        }
        return value >= 10_000 ? String.format(Locale.ROOT, "%.1fk", value / 1000)
                : String.format(Locale.ROOT, "%,.0f", value);
    }
}

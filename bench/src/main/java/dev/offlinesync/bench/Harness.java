package dev.offlinesync.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a workload's two sides, the library and the hand-written loop, interleaved: its warm-ups of each (one unless
 * the workload asks for more, each after its round's setup, the side that goes first alternating), then
 * {@code runs} timed runs of each side, each of one round (or of the workload's {@code roundsPerRun}, whose times add
 * up), the side that goes first alternating from round to round. Reports min, median and max of each side and the
 * ratio of the medians, oriented so that above 1 means the library is faster.
 *
 * <p>Each timed run also records the process's CPU time, the in-process server's threads included: the median
 * <em>cores used</em> (CPU time over wall time) and CPU per item say whether a side is bound by the machine's cores
 * (a parallel push cannot go faster than the cores left to it allow) or waits on something else.
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

    /**
     * {@code warmUps}: untimed rounds of both sides before the timed ones; {@code roundsPerRun}: rounds (the round's
     * setup, then each side, the side that goes first alternating) whose times add up to one timed run of each side.
     */
    record Workload(String name, String items, Unit unit, Round round, Side library, Side hand, int warmUps,
                    int roundsPerRun) {
        Workload(String name, String items, Unit unit, Round round, Side library, Side hand) {
            this(name, items, unit, round, library, hand, 1, 1);
        }
    }

    /** A side's timed runs: the figure, the cores used (CPU over wall time) and CPU microseconds per item. */
    record Runs(double[] figures, double[] cores, double[] cpuPerItem) {
        Runs(int runs) {
            this(new double[runs], new double[runs], new double[runs]);
        }

        void set(int run, Sample sample) {
            figures[run] = sample.figure();
            cores[run] = sample.cores();
            cpuPerItem[run] = sample.cpuPerItem();
        }
    }

    /** One timed run; {@code cpuPerItem} is NaN when the run's count is not of items (a latency). */
    record Sample(double figure, double cores, double cpuPerItem) {
    }

    /** Wall and CPU nanoseconds and the count one side's work returned, added up over a run's rounds. */
    private record Timing(long wall, long cpu, long items) {
        static final Timing NONE = new Timing(0, 0, 0);

        Timing plus(Timing other) {
            return new Timing(wall + other.wall, cpu + other.cpu, items + other.items);
        }
    }

    record Result(Workload workload, Runs libraryRuns, Runs handRuns) {
        double[] library() {
            return libraryRuns.figures();
        }

        double[] hand() {
            return handRuns.figures();
        }

        double ratio() {
            double lib = median(library());
            double own = median(hand());
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
                time(i % 2 == 0 ? library : hand);
                time(i % 2 == 0 ? hand : library);
            }
            Runs libraryRuns = new Runs(runs);
            Runs handRuns = new Runs(runs);
            int rounds = workload.roundsPerRun();
            for (int i = 0; i < runs; i++) {
                Timing mine = Timing.NONE;
                Timing theirs = Timing.NONE;
                for (int r = 0; r < rounds; r++) {
                    if (workload.round() != null) {
                        workload.round().before();
                    }
                    if ((i * rounds + r) % 2 == 0) {
                        mine = mine.plus(time(library));
                        theirs = theirs.plus(time(hand));
                    } else {
                        theirs = theirs.plus(time(hand));
                        mine = mine.plus(time(library));
                    }
                }
                libraryRuns.set(i, sample(workload, mine, rounds));
                handRuns.set(i, sample(workload, theirs, rounds));
                log.printf(Locale.ROOT, "  %s, run %d: library %s (%s), hand-written %s (%s)%n", workload.name(),
                        i + 1, figure(workload, libraryRuns.figures()[i]), cpu(libraryRuns.cores()[i],
                                libraryRuns.cpuPerItem()[i]), figure(workload, handRuns.figures()[i]),
                        cpu(handRuns.cores()[i], handRuns.cpuPerItem()[i]));
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

    private static Timing time(Side side) throws Exception {
        side.prepare();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long items = side.run();
        long wall = System.nanoTime() - start;
        return new Timing(wall, processCpuNanos() - cpuStart, items);
    }

    /** A run's figure from its rounds: a rate over them all, or the mean time (or latency) of one round. */
    private static Sample sample(Workload workload, Timing timing, int rounds) {
        double seconds = timing.wall() / 1e9;
        double figure = switch (workload.unit()) {
            case RATE -> timing.items() / seconds;
            case MILLIS -> seconds * 1000 / rounds;
            case LATENCY -> timing.items() / 1000.0 / rounds;
        };
        double perItem = workload.unit() == Unit.LATENCY || timing.items() <= 0 ? Double.NaN
                : timing.cpu() / 1000.0 / timing.items();
        return new Sample(figure, (double) timing.cpu() / timing.wall(), perItem);
    }

    /** The CPU time of the whole process so far, every thread's (the in-process server's as well). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report the process's CPU time; run the bench on a JDK"
                + " whose OperatingSystemMXBean is com.sun.management's");
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
        lines.add("| workload | library: median (min–max) | hand-written: median (min–max) | ratio"
                + " | library: cores, CPU µs/item | hand-written: cores, CPU µs/item |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        for (Result result : results) {
            lines.add("| " + result.workload().name() + " | " + cell(result.workload(), result.library()) + " | "
                    + cell(result.workload(), result.hand()) + " | "
                    + String.format(Locale.ROOT, "%.2f", result.ratio()) + " | " + cpu(result.libraryRuns()) + " | "
                    + cpu(result.handRuns()) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    /** The median cores used and the median CPU microseconds per item of a side's runs. */
    private static String cpu(Runs runs) {
        return cpu(median(runs.cores()), median(runs.cpuPerItem()));
    }

    private static String cpu(double cores, double cpuPerItem) {
        return String.format(Locale.ROOT, "%.2f", cores) + (Double.isNaN(cpuPerItem) ? ""
                : String.format(Locale.ROOT, cpuPerItem < 10 ? ", %.2f µs" : ", %.0f µs", cpuPerItem));
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

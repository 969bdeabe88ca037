package dev.offlinesync.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What users feel, next to what a hand-written loop does: whole pulls (HTTP, parsing, engine, store), pulls of a
 * few changes, pushes, local writes and a live query's latency, against a lean in-process table server (or the
 * real Node server), the library and the hand-written loop interleaved. Prints markdown tables on stdout, progress on stderr.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -jar bench/target/offlinesync-bench.jar [modes=inprocess,checks(,node)] [rows=100000] [memoryRows=100000]
 *     [page=1000] [push=10000] [local=10000] [runs=5] [only=&lt;text in workload names&gt;]
 *     [nodeRows=20000] [nodePush=300] [node=compat/node] [checkRows=1000000] [checkOps=100000] [dir=/tmp]
 * </pre>
 */
public final class SyncBench {

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        String report = run(args, System.err);
        System.out.print(report);
        if (report.contains("| FAIL |")) {
            System.exit(1);
        }
    }

    /** Runs the modes the arguments ask for; returns the report (markdown), logging progress to {@code log}. */
    static String run(String[] args, PrintStream log) throws Exception {
        List<String> modes = List.of(arg(args, "modes", "inprocess,checks").split(","));
        int rows = intArg(args, "rows", 100_000);
        int runs = intArg(args, "runs", 5);
        String only = arg(args, "only", "");
        Path root = Files.createTempDirectory(Path.of(arg(args, "dir", System.getProperty("java.io.tmpdir"))),
                "offlinesync-bench");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "offlinesync end-to-end benchmark, %s, Java %s, %d cores, %s%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), String.join(" ", args)));
        try (PageServer server = PageServer.start()) {
            if (modes.contains("inprocess")) {
                Workloads.Sizes sizes = new Workloads.Sizes(rows, intArg(args, "memoryRows", rows),
                        intArg(args, "page", 1000), intArg(args, "push", 10_000), intArg(args, "local", 10_000), root);
                report.append(String.format(Locale.ROOT, "In-process server, %,d rows of ~330 bytes, pages of %d,"
                        + " one warm-up (%d for the incremental and no-change pulls) and %d interleaved runs per"
                        + " side (a run of an incremental or no-change pull is %d pulls, its figure their mean):%n%n",
                        rows, sizes.page(), Workloads.LATER_PULL_WARM_UPS, runs, Workloads.LATER_PULLS_PER_RUN));
                report.append(Harness.table(runAll(Workloads.inProcess(server, sizes), runs, only, log))).append('\n');
            }
            if (modes.contains("node")) {
                Workloads.Sizes sizes = new Workloads.Sizes(intArg(args, "nodeRows", 20_000), 0,
                        intArg(args, "page", 1000), intArg(args, "nodePush", 300), 0, root);
                Path folder = Files.createTempDirectory(root, "node");
                try (NodeServer node = NodeServer.start(Path.of(arg(args, "node", "compat/node")), folder)) {
                    node.seed(sizes.rows());
                    report.append(String.format(Locale.ROOT, "The Node server (azure-mobile-apps 4, sqlite), %,d"
                            + " rows, one warm-up and %d interleaved runs per side:%n%n", sizes.rows(), runs));
                    report.append(Harness.table(runAll(Workloads.node(node.uri(), sizes), runs, only, log)))
                            .append('\n');
                }
            }
            if (modes.contains("checks")) {
                List<MemoryCheck.Outcome> outcomes = new ArrayList<>();
                log.println("memory check: pull");
                outcomes.add(MemoryCheck.pull(server, root, intArg(args, "checkRows", 1_000_000), "32m"));
                log.println("memory check: push");
                outcomes.add(MemoryCheck.push(server, root, intArg(args, "checkOps", 100_000), "64m"));
                report.append(MemoryCheck.table(outcomes)).append('\n');
            }
        } finally {
            Session.deleteTree(root);
        }
        return report.toString();
    }

    private static List<Harness.Result> runAll(List<Harness.Workload> workloads, int runs, String only,
                                               PrintStream log) throws Exception {
        List<Harness.Result> results = new ArrayList<>();
        for (Harness.Workload workload : workloads) {
            if (workload.name().contains(only)) {
                log.println(workload.name());
                results.add(Harness.run(workload, runs, log));
            }
        }
        return results;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}

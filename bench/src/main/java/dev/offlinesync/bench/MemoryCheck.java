package dev.offlinesync.bench;

import dev.offlinesync.store.sqlite.SqliteStore;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Memory checks: a client in a forked JVM with a small heap pulls a large table, or pushes a long queue, from the
 * in-process server of this JVM. Passes when the child finishes the whole job and exits normally.
 */
final class MemoryCheck {

    /** One check's outcome. */
    record Outcome(String name, boolean passed, double seconds, String detail) {
    }

    private MemoryCheck() {
    }

    /** A pull of {@code rows} rows with {@code -Xmx<heap>}. */
    static Outcome pull(PageServer server, Path root, int rows, String heap) throws IOException, InterruptedException {
        server.define("ManyItem", WireRows.Ids.RANDOM, rows);
        return fork(String.format(Locale.ROOT, "pull of %,d rows into SQLite in -Xmx%s", rows, heap), heap, root,
                "pull", server.uri(), "ManyItem", rows);
    }

    /** {@code ops} local inserts, then their push, with {@code -Xmx<heap>}. */
    static Outcome push(PageServer server, Path root, int ops, String heap) throws IOException, InterruptedException {
        server.define("QueueItem", WireRows.Ids.RANDOM, 0);
        return fork(String.format(Locale.ROOT, "push of %,d queued inserts from SQLite in -Xmx%s", ops, heap), heap,
                root, "push", server.uri(), "QueueItem", ops);
    }

    private static Outcome fork(String name, String heap, Path root, String job, URI uri, String table, int count)
            throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory(root, "check");
        Path log = folder.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), MemoryCheck.class.getName(), job,
                uri.toString(), table, Integer.toString(count), folder.toString()));
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = child.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        Outcome outcome = new Outcome(name, exit == 0, seconds, exit == 0 ? last : "exit " + exit + ": "
                + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        Session.deleteTree(folder);
        return outcome;
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder("| memory check | result | time | detail |\n|---|---|---:|---|\n");
        for (Outcome o : outcomes) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f s | %s |%n", o.name(), o.passed() ? "pass" : "FAIL",
                    o.seconds(), o.detail()));
        }
        return out.toString();
    }

    /** The child: {@code pull|push uri table count folder}. */
    public static void main(String[] args) throws Exception {
        String job = args[0];
        URI uri = URI.create(args[1]);
        String table = args[2];
        int count = Integer.parseInt(args[3]);
        Path folder = Path.of(args[4]);
        try (Session.Library lib = Session.Library.opener(uri, table, f -> SqliteStore.file(f.resolve("store.db")))
                .open(folder)) {
            if (job.equals("pull")) {
                long received = lib.pull(1000);
                if (received != count) {
                    throw new IllegalStateException("pulled " + received + " rows of " + count);
                }
                System.out.println("pulled " + received + " rows");
            } else {
                lib.insert(count);
                long pushed = lib.push();
                if (pushed != count) {
                    throw new IllegalStateException("pushed " + pushed + " operations of " + count);
                }
                System.out.println("pushed " + pushed + " operations");
            }
        }
        System.out.println("heap committed at the end: " + Runtime.getRuntime().totalMemory() / (1024 * 1024) + " MB of "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max");
    }
}

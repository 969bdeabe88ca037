package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two processes write one database file at the same time ({@link ReadThenWriteProcess}): every transaction
 * reads, then writes. A transaction must wait for the other process's write instead of failing, so every one
 * commits and the shared counter counts them all (none lost, none doubled). Only for stores whose file another
 * process may open while it is open (an H2 file is locked by the process that opens it).
 */
public abstract class MultiProcessWriteTest {

    private static final int TRANSACTIONS = 400;

    @TempDir
    Path dir;

    /** Opens the store under test; public with a no-argument constructor, as the child JVMs make one. */
    protected abstract Class<? extends StoreOpener> opener();

    /** Where the store under test keeps its data in this folder. */
    protected abstract Path storePath(Path folder);

    @Test
    void transactionsThatReadThenWriteWaitForAnotherProcessInsteadOfFailing() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Path store = storePath(dir);
            try (SyncContextDataSource setup = opener().getDeclaredConstructor().newInstance().open(store)) {
                setup.defineTable(ReadThenWriteProcess.DEFINITION);
                setup.upsert(ReadThenWriteProcess.TABLE, List.of(ReadThenWriteProcess.row(ReadThenWriteProcess.COUNTER, 0)));
            }
            Path go = dir.resolve("go");
            List<Process> children = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Path output = dir.resolve("child-" + name + ".txt");
                outputs.add(output);
                children.add(start(store, name, go, output));
            }
            for (int i = 0; i < children.size(); i++) {
                awaitReady(children.get(i), outputs.get(i));
            }
            Files.createFile(go);
            for (int i = 0; i < children.size(); i++) {
                Process child = children.get(i);
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child " + i + " finished");
                List<String> lines = Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8);
                List<String> failures = lines.stream().filter(line -> line.startsWith("failed ")).toList();
                assertEquals(List.of(), failures.subList(0, Math.min(3, failures.size())),
                        failures.size() + " transactions of child " + i + " failed; the first ones");
                assertEquals("committed " + TRANSACTIONS, lines.get(lines.size() - 1));
                assertEquals(0, child.exitValue(), "child " + i + "'s exit status");
            }
            try (SyncContextDataSource check = opener().getDeclaredConstructor().newInstance().open(store)) {
                check.defineTable(ReadThenWriteProcess.DEFINITION);
                assertEquals(2L * TRANSACTIONS, check.lookup(ReadThenWriteProcess.TABLE, ReadThenWriteProcess.COUNTER)
                        .orElseThrow().get("n"), "the counter counts every transaction");
                assertEquals(2 * TRANSACTIONS + 1, check.read(StoreQuery.all(ReadThenWriteProcess.TABLE)).rows().size(),
                        "each transaction's own row, and the counter");
            }
        });
    }

    private Process start(Path store, String name, Path go, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ReadThenWriteProcess.class.getName(),
                opener().getName(), store.toString(), name, Integer.toString(TRANSACTIONS), go.toString());
        return new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(dir.resolve("child-" + name + "-stderr.txt").toFile()).start();
    }

    private void awaitReady(Process child, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output, StandardCharsets.UTF_8).contains("ready\n")) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("a child did not open the store (exit " + (child.isAlive() ? "none yet" : child.exitValue())
                        + "): " + Files.readString(output.resolveSibling(output.getFileName().toString()
                        .replace(".txt", "-stderr.txt"))));
            }
            Thread.sleep(5);
        }
    }
}

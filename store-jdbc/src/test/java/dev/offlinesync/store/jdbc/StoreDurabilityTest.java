package dev.offlinesync.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety: a child JVM ({@link CrashWriter}) writes through a {@code SyncTable} until it is killed with
 * {@code destroyForcibly()} at a random moment, again and again on the same store. After each kill the store
 * opens, every write that returned in the child is there with its queue entry, the one write that was cut off
 * is wholly there or wholly absent, and no queue entry lacks its row change or the other way round.
 */
public abstract class StoreDurabilityTest {

    private static final System.Logger LOG = System.getLogger(StoreDurabilityTest.class.getName());
    private static final int KILLS = 50;

    @TempDir
    Path dir;

    /** Opens the store under test; public with a no-argument constructor, as the child JVM makes one. */
    protected abstract Class<? extends StoreOpener> opener();

    /** Where the store under test keeps its data in this folder. */
    protected abstract Path storePath(Path folder);

    /** A write that returned in the child: I(nsert), U(pdate) or D(elete) of an item, with the item's version. */
    private record Write(String kind, String id, long version) {
        static Write parse(String line) {
            String[] parts = line.split(" ");
            return new Write(parts[1], parts[2], Long.parseLong(parts[3]));
        }
    }

    /** What the parent knows the store must hold: live items with their version, and deleted items. */
    private final Map<String, Long> live = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    /** The child's last lines, for failure messages. */
    private String lastLines = "";

    @Test
    void everyReturnedWriteSurvivesKillsAndEveryRowChangeHasItsQueueEntry() {
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Path store = storePath(dir);
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Random random = new Random();
            int cutOff = 0;
            int returned = 0;
            for (int run = 0; run < KILLS; run++) {
                Path output = tmp.resolve("child-" + run + ".txt");
                Process child = startChild(store, tmp, output, "r" + run, random.nextLong());
                if (random.nextInt(100) < 15) {
                    Thread.sleep(random.nextInt(600));
                } else {
                    awaitReady(child, output, tmp);
                    Thread.sleep(100 + random.nextInt(200));
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child exited");
                List<String> lines = completeLines(output);
                Write inFlight = null;
                for (String line : lines) {
                    if (line.startsWith("B ")) {
                        inFlight = Write.parse(line);
                    } else if (line.equals("E")) {
                        apply(inFlight);
                        returned++;
                        inFlight = null;
                    }
                }
                cutOff += inFlight == null ? 0 : 1;
                lastLines = lines.subList(Math.max(0, lines.size() - 8), lines.size()).toString();
                verify(store, inFlight, run);
            }
            assertTrue(returned > KILLS, "the children wrote something: " + returned + " writes returned");
            LOG.log(System.Logger.Level.INFO, "{0}: {1} kills, {2} writes returned, {3} kills cut a write off",
                    getClass().getSimpleName(), KILLS, returned, cutOff);
        });
    }

    private Process startChild(Path store, Path tmp, Path output, String run, long seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), opener().getName(), store.toString(), run, Long.toString(seed)));
        // Output goes to a file: a killed process's pipe is closed by destroyForcibly() before it can be read.
        return new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
    }

    /** The lines the child finished writing (a line cut off by the kill has no line break yet). */
    private static List<String> completeLines(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1);
        return lines;
    }

    private static void awaitReady(Process child, Path output, Path tmp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!completeLines(output).contains("ready")) {
            if (!child.isAlive()) {
                fail("the child exited before writing (" + child.exitValue() + "): "
                        + Files.readString(tmp.resolve("child-stderr.txt")));
            }
            if (System.nanoTime() > deadline) {
                fail("the child did not open the store within 60 s: " + Files.readString(tmp.resolve("child-stderr.txt")));
            }
            Thread.sleep(5);
        }
    }

    private void apply(Write write) {
        switch (write.kind()) {
            case "I", "U" -> live.put(write.id(), write.version());
            case "D" -> {
                live.remove(write.id());
                deleted.add(write.id());
            }
            default -> throw new IllegalStateException("unknown write " + write);
        }
    }

    private void verify(Path store, Write inFlight, int run) {
        try (SyncClient client = SyncClient.builder(CrashWriter.NOWHERE).store(opener().getDeclaredConstructor()
                .newInstance().open(store)).build()) {
            SyncTable<ObjectNode> table = client.table(CrashWriter.TABLE, CrashWriter.COLUMNS);
            Map<String, Long> rows = new HashMap<>();
            for (ObjectNode item : table.read(Query.all()).items()) {
                rows.put(item.get("id").asText(), item.get("n").asLong());
            }
            Map<String, List<OperationKind>> queued = new HashMap<>();
            for (PendingOperation op : client.syncContext().pendingOperations()) {
                queued.computeIfAbsent(op.itemId(), id -> new ArrayList<>()).add(op.kind());
            }
            String after = "after kill " + (run + 1) + " (the child's last lines: " + lastLines + ")";
            // Nothing was ever pushed: every local row is one queued insert, and every queued insert has its row.
            for (String id : rows.keySet()) {
                assertEquals(List.of(OperationKind.INSERT), queued.get(id), after + ": the queue entry of row " + id);
            }
            for (Map.Entry<String, List<OperationKind>> entry : queued.entrySet()) {
                assertTrue(rows.containsKey(entry.getKey()), after + ": queued " + entry.getValue() + " of "
                        + entry.getKey() + " without its row");
            }
            if (inFlight != null) {
                resolveCutOff(inFlight, rows, after);
            }
            assertEquals(live, rows, after + ": the rows are exactly the writes that returned");
            for (String id : deleted) {
                assertTrue(!rows.containsKey(id), after + ": deleted item " + id + " is back");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the store opener " + opener().getName(), e);
        }
    }

    /** The write that was cut off happened wholly or not at all; the model follows what the store says. */
    private void resolveCutOff(Write write, Map<String, Long> rows, String after) {
        Long before = live.get(write.id());
        Long now = rows.get(write.id());
        boolean happened = switch (write.kind()) {
            case "I" -> now != null;
            case "U" -> now != null && now == write.version();
            case "D" -> now == null;
            default -> throw new IllegalStateException("unknown write " + write);
        };
        if (happened) {
            apply(write);
        } else {
            assertEquals(before, now, after + ": the cut-off " + write + " left a partial change");
        }
    }
}

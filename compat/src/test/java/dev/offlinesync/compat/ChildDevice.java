package dev.offlinesync.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SyncingChild} running in a JVM of its own, with the test's classpath. Its output goes to a file
 * (a killed process's pipe would be closed before it could be read); {@link #lines()} reads the lines it
 * finished. {@link #kill()} is a SIGKILL: no shutdown hook, no store close, as a crash or the OS would do it.
 */
final class ChildDevice {

    /** How long a child may take to start its JVM and open its store. */
    private static final long READY_SECONDS = 60;

    private final Process process;
    private final Path output;
    private final Path errors;

    private ChildDevice(Process process, Path output, Path errors) {
        this.process = process;
        this.output = output;
        this.errors = errors;
    }

    /**
     * Starts {@code SyncingChild service store owner run seed writes mode}; its output and stderr go to files
     * named after {@code run} in {@code folder}.
     */
    static ChildDevice start(Path folder, URI service, Path store, String owner, String run, long seed, int writes,
                             String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = folder.resolve(owner + "-" + run + ".out");
        Path errors = folder.resolve(owner + "-" + run + ".err");
        List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.io.tmpdir=" + folder, "-cp", System.getProperty("java.class.path"),
                SyncingChild.class.getName(), service.toString(), store.toString(), owner, run, Long.toString(seed),
                Integer.toString(writes), mode);
        try {
            Files.createDirectories(folder);
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(errors.toFile()).start();
            return new ChildDevice(process, output, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, e);
        }
    }

    /** Waits until the child has opened its store and printed {@code ready}. */
    void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!lines().contains("ready")) {
            if (!process.isAlive()) {
                throw new AssertionError("the child exited before it was ready (" + process.exitValue() + "): "
                        + stderr());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the child was not ready within " + READY_SECONDS + " s: " + stderr());
            }
            sleep(10);
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(30);
    }

    /** Waits for the child to exit by itself; kills it and fails when it has not within {@code seconds}. */
    void awaitExit(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the child did not exit within " + seconds + " s; its last lines: "
                        + tail(8) + ", stderr: " + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while waiting for a child JVM", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The lines the child finished writing (a line cut off by a kill has no line break yet). */
    List<String> lines() {
        try {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            lines.remove(lines.size() - 1);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's output " + output, e);
        }
    }

    List<String> tail(int count) {
        List<String> lines = lines();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    String stderr() {
        try {
            return Files.exists(errors) ? NodeInstallation.tail(errors, 30) : "";
        } catch (UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

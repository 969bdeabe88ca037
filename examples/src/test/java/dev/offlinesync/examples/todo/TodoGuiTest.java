package dev.offlinesync.examples.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Swing app driven as a person would, on a real (virtual) display: this test starts an Xvfb server on a free
 * display number ({@code -displayfd}), then a JVM of its own with {@code DISPLAY} pointing at it, which runs
 * {@link TodoGuiSession} (the app plus a Robot that clicks and types). AWT reads {@code DISPLAY} once, when it
 * starts, so the session cannot run in surefire's JVM; it reports through its exit code and output, kept in
 * {@code target/todo-gui-session.log}. Screenshots: {@code target/todo-conflict.png} (the dialog), {@code target/todo-offline.png} (server down),
 * {@code target/todo-app.png} (the end, all synced).
 *
 * <p>Without Xvfb the test is skipped (install it: {@code apt-get install -y xvfb}); on CI ({@code CI=true}) it
 * fails instead, since CI must install it.
 */
class TodoGuiTest {

    private static final long SESSION_SECONDS = 60;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aPersonAddsEditsRefreshesAndAnswersThreeConflicts() throws Exception {
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            String why = "Xvfb is not installed, so the Swing app cannot be tested on a virtual display: "
                    + "apt-get install -y xvfb";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("target").toAbsolutePath();
        Files.createDirectories(target);
        for (String png : List.of("todo-app.png", "todo-conflict.png", "todo-offline.png", "todo-failure.png")) {
            Files.deleteIfExists(target.resolve(png));
        }
        Path log = target.resolve("todo-gui-session.log");

        Process display = startXvfb(xvfb, target.resolve("xvfb.log"));
        try {
            String displayName = ":" + displayNumber(display);
            ProcessBuilder session = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Djava.awt.headless=false",
                    "-Dsun.net.httpserver.nodelay=true",
                    "-Xmx256m",
                    TodoGuiSession.class.getName(), target.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            session.environment().put("DISPLAY", displayName);
            session.environment().remove("XAUTHORITY");
            Process child = session.start();
            boolean finished = child.waitFor(SESSION_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("the GUI session did not finish within " + SESSION_SECONDS + " s on DISPLAY " + displayName
                        + ":\n" + tail(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), "the GUI session failed on DISPLAY " + displayName + ":\n" + tail(log));
            assertTrue(output.contains(TodoGuiSession.OK), output);
        } finally {
            stop(display);
        }

        for (String png : List.of("todo-conflict.png", "todo-offline.png", "todo-app.png")) {
            BufferedImage image = ImageIO.read(target.resolve(png).toFile());
            assertTrue(image != null && image.getWidth() >= 300 && image.getHeight() >= 200,
                    png + " is a screenshot of the window");
        }
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Xvfb picks a free display itself and writes its number to fd 1 (our pipe) once clients can connect. Key
     * auto-repeat starts only after 5 s, so that a slow key release never types a letter twice.
     */
    private static Process startXvfb(Path xvfb, Path log) throws IOException {
        return new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", "1280x1024x24",
                "-nolisten", "tcp", "-ardelay", "5000")
                .redirectError(log.toFile())
                .start();
    }

    private static int displayNumber(Process display) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(display.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String number;
        try {
            number = line.get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Xvfb did not report a display within 15 s (see target/xvfb.log)", e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read Xvfb's display number: " + e.getCause(), e.getCause());
        }
        if (number == null || !number.strip().matches("\\d+")) {
            throw new AssertionError("Xvfb did not start (exit " + (display.isAlive() ? "-" : display.exitValue())
                    + ", see target/xvfb.log); it printed: " + number);
        }
        return Integer.parseInt(number.strip());
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}

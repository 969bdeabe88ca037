package dev.offlinesync.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.store.postgres.PostgresStore;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.offlinesync.compat.Devices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three app instances (JVMs, {@link SharedPostgresInstance}) share one PostgreSQL schema and sync with the real
 * Node server at once; one is killed ({@code SIGKILL}) while it writes and pushes, and started again. Every write
 * that returned reaches the server with its last value, the server has no row nobody wrote, the queue ends empty
 * and the shared local table equals the server's.
 */
@ExtendWith(NodeServerExtension.class)
class SharedPostgresStoreTest {

    static final String URL = setting("OFFLINESYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/offlinesync_test");
    static final String USER = setting("OFFLINESYNC_PG_USER", "offlinesync");
    static final String PASSWORD = setting("OFFLINESYNC_PG_PASSWORD", "offlinesync");
    private static final System.Logger LOG = System.getLogger(SharedPostgresStoreTest.class.getName());
    private static final int SECONDS = 15;

    private final NodeTableServer server;

    @TempDir
    Path dir;

    SharedPostgresStoreTest(NodeTableServer server) {
        this.server = server;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** What the instances' output says: the last returned text of each id, and a write the kill cut off. */
    private record Writes(Map<String, String> returned, Map<String, String> cutOff, List<String> failures,
                          int count) {
    }

    @Test
    void threeInstancesOnOneSchemaOneKilledAndRestartedLoseNothingAndConverge() throws Exception {
        requirePostgres();
        if (!server.isRunning()) {
            server.restart();
        }
        server.clearTables();
        String schema = "shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            Process a = start(schema, "a", SECONDS);
            Process b = start(schema, "b", SECONDS);
            Process c = start(schema, "c", SECONDS);
            awaitLines("c", "E", 1, c);
            Thread.sleep(3_000);
            // killed as its next push starts: the push lease and in-flight marks die with it
            awaitLines("c", "P", lines("c", "P") + 1, c);
            c.destroyForcibly();
            assertTrue(c.waitFor(30, TimeUnit.SECONDS), "the killed instance exited");
            Process restarted = start(schema, "c2", SECONDS / 2);
            for (Process instance : List.of(a, b, restarted)) {
                assertTrue(instance.waitFor(120, TimeUnit.SECONDS), "an instance finished");
            }
            Writes writes = read(List.of("a", "b", "c", "c2"));
            assertEquals(List.of(), writes.failures().subList(0, Math.min(3, writes.failures().size())),
                    writes.failures().size() + " syncs failed in the instances; the first ones");
            for (String name : List.of("a", "b", "c2")) {
                List<String> lines = Files.readAllLines(output(name), StandardCharsets.UTF_8);
                assertEquals("done", lines.get(lines.size() - 1), name + " finished: " + stderr(name));
            }

            Map<String, String> onServer = new HashMap<>();
            for (Map<String, Object> row : server.querySql("SELECT id, text FROM TodoItem WHERE deleted = 0")) {
                onServer.put((String) row.get("id"), (String) row.get("text"));
            }
            Map<String, String> expected = new HashMap<>(writes.returned());
            writes.cutOff().forEach((id, text) -> {
                if (text.equals(onServer.get(id))) {
                    expected.put(id, text); // the cut-off write happened wholly
                }
            });
            assertTrue(expected.size() > 30, "the instances wrote something: " + expected.size() + " items");
            assertEquals(expected, onServer, "every returned write reached the server with its last value");
            LOG.log(System.Logger.Level.INFO, "{0} items on the server from {1} returned writes; the kill cut off {2}",
                    onServer.size(), writes.count(), writes.cutOff());

            try (SyncClient check = SyncClient.builder(server.uri())
                    .store(PostgresStore.builder(URL, USER, PASSWORD).schema(schema).build()).build()) {
                assertEquals(List.of(), check.syncContext().pendingOperations(), "the shared queue is empty");
                await(check.table("TodoItem").pull(Query.all(), "all"));
                Map<String, String> local = new HashMap<>();
                for (ObjectNode item : check.table("TodoItem").read(Query.all()).items()) {
                    local.put(item.get("id").asText(), item.get("text").asText());
                }
                assertEquals(onServer, local, "the shared store converged with the server");
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    private Process start(String schema, String name, int seconds) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), SharedPostgresInstance.class.getName(),
                server.uri().toString(), schema, name, Integer.toString(seconds));
        return new ProcessBuilder(command).redirectOutput(output(name).toFile())
                .redirectError(dir.resolve(name + "-stderr.txt").toFile()).start();
    }

    private Path output(String name) {
        return dir.resolve(name + ".txt");
    }

    private String stderr(String name) throws IOException {
        return Files.readString(dir.resolve(name + "-stderr.txt"));
    }

    private long lines(String name, String line) throws IOException {
        return Files.readAllLines(output(name), StandardCharsets.UTF_8).stream().filter(line::equals).count();
    }

    private void awaitLines(String name, String line, long count, Process process)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(name, line) < count) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                Assertions.fail("instance " + name + " did not print '" + line + "' " + count + " times: "
                        + stderr(name));
            }
            Thread.sleep(2);
        }
    }

    /** Parses every instance's output (a line cut off by a kill has no line break yet, and is left out). */
    private Writes read(List<String> names) throws IOException {
        Map<String, String> returned = new HashMap<>();
        Map<String, String> cutOff = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (String name : names) {
            String text = Files.readString(output(name), StandardCharsets.UTF_8);
            String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
            String[] begun = null;
            for (String line : lines) {
                if (line.startsWith("B ")) {
                    begun = line.split(" ", 3);
                } else if (line.equals("E") && begun != null) {
                    returned.put(begun[1], begun[2]);
                    begun = null;
                    count++;
                } else if (line.startsWith("failed")) {
                    failures.add(name + ": " + line);
                }
            }
            if (begun != null) {
                cutOff.put(begun[1], begun[2]);
            }
        }
        return new Writes(returned, cutOff, failures, count);
    }

    /** Skips (or with CI=true fails) without a PostgreSQL server, as the Node server's absence does. */
    private static void requirePostgres() {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            if (connection.isValid(5)) {
                return;
            }
        } catch (SQLException e) {
            String reason = "PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + "): run"
                    + " store-postgres/setup-postgres.sh as root, or set OFFLINESYNC_PG_URL, OFFLINESYNC_PG_USER and"
                    + " OFFLINESYNC_PG_PASSWORD";
            if (NodeServerExtension.onCi()) {
                Assertions.fail(reason + " (CI=true, so this fails instead of skipping)");
            }
            Assumptions.abort("Skipped: " + reason + " (with CI=true it fails instead of skipping)");
        }
        Assertions.fail("the PostgreSQL connection to " + URL + " is not valid");
    }
}

package dev.offlinesync.store.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.testkit.FakeTableService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replicas of a service in containers with host networking share the host's name but not its process ids (each
 * container has its own pid namespace). A replica must not take the push lease of a replica whose pid it cannot
 * see: that one is alive and pushing. The child runs in a new pid namespace ({@code unshare}, as root).
 */
@ExtendWith(PostgresServerExtension.class)
class PushLeaseAcrossPidNamespacesTest {

    static final String TABLE = "Note";
    private static final long HOLD_MILLIS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aPushInAnotherPidNamespaceOfThisHostKeepsItsLeaseUntilItEnds() throws Exception {
        Assumptions.assumeTrue(unshareWorks(), "needs root and unshare(1) to start a process in a new pid namespace");
        String schema = TestDatabase.newSchema();
        try (FakeTableService service = FakeTableService.start().defineTable(TABLE)) {
            Path output = dir.resolve("child.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(List.of("unshare", "--pid", "--fork", "--mount-proc", java,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    LeaseHolder.class.getName(), schema, service.uri().toString(), "held",
                    Long.toString(HOLD_MILLIS))).redirectOutput(output.toFile())
                    .redirectError(dir.resolve("child-stderr.txt").toFile()).start();
            awaitPushing(child, output);

            try (SyncClient here = SyncClient.builder(service.uri()).store(TestDatabase.store(schema)).build()) {
                here.table(TABLE).insert(JsonNodeFactory.instance.objectNode().put("id", "mine").put("text", "x"));
                PushResult result = here.syncContext().push().get(60, TimeUnit.SECONDS);
                assertTrue(result.succeeded(), "this replica's push: " + result);
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertEquals("pushed true", lines.get(lines.size() - 1), "the other replica's push went on undisturbed");
            long posts = service.requests().stream()
                    .filter(request -> request.method().equals("POST") && request.body().contains("\"held\""))
                    .count();
            assertEquals(1, posts, "the other replica's insert was sent once, by that replica");
        }
    }

    private static boolean unshareWorks() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
                    .redirectErrorStream(true).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitPushing(Process child, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output, StandardCharsets.UTF_8).contains("pushing\n")) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("the child did not start its push: " + Files.readString(output) + " "
                        + Files.readString(dir.resolve("child-stderr.txt")));
            }
            Thread.sleep(10);
        }
    }
}

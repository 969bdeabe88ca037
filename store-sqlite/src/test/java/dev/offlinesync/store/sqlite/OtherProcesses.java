package dev.offlinesync.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of an SQLite file shared with other processes have in common: a child JVM running one of their
 * {@code main} classes on the test's class path, the items they write, a push awaited, the item a request is about.
 */
final class OtherProcesses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtherProcesses() {
    }

    /** Starts {@code main} in a new JVM (quick to start, small) with these arguments, its output written to {@code log}. */
    static Process start(Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static ObjectNode item(String id, String text) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("text", text).put("complete", false);
    }

    static PushResult push(SyncClient client) throws Exception {
        return client.syncContext().push().get(60, TimeUnit.SECONDS);
    }

    /** The id of the item a request is about: in its address, or in the item it carries. */
    static String itemOf(RecordedRequest request) {
        if (request.itemId() != null) {
            return request.itemId();
        }
        try {
            return JSON.readTree(request.body()).path("id").asText(null);
        } catch (IOException e) {
            throw new IllegalStateException("a request body is not JSON: " + request.body(), e);
        }
    }
}

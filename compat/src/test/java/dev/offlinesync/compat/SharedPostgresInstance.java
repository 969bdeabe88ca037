package dev.offlinesync.compat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.postgres.PostgresStore;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One app instance of {@link SharedPostgresStoreTest}, in its own JVM: a client on the shared PostgreSQL schema
 * that inserts and updates TodoItems of its own, pushes and pulls, until its time is up; then pushes until the
 * queue is empty. Before each write it prints {@code B <id> <text>}, after it returns {@code E}; before each push
 * in the loop {@code P}; each failed sync prints {@code failed <message>}; at the end {@code done}.
 *
 * <p>Arguments: server URI, schema, instance name (prefix of its ids), seconds to write. The database comes from
 * {@link SharedPostgresStoreTest#URL} and the user and password beside it.
 */
public final class SharedPostgresInstance {

    private SharedPostgresInstance() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI server = URI.create(args[0]);
        String name = args[2];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        PrintStream out = System.out;
        Random random = new Random();
        PostgresStore store = PostgresStore.builder(SharedPostgresStoreTest.URL, SharedPostgresStoreTest.USER,
                SharedPostgresStoreTest.PASSWORD).schema(args[1]).build();
        try (SyncClient client = SyncClient.builder(server).store(store).build()) {
            SyncTable<ObjectNode> todos = client.table("TodoItem");
            println(out, "ready");
            List<String> mine = new ArrayList<>();
            Map<String, Integer> versions = new HashMap<>();
            for (int i = 0; System.nanoTime() < deadline; i++) {
                if (mine.isEmpty() || random.nextInt(10) < 7) {
                    String id = name + "-" + i;
                    String text = id + " v0";
                    println(out, "B " + id + " " + text);
                    todos.insert(JsonNodeFactory.instance.objectNode().put("id", id).put("text", text));
                    mine.add(id);
                    versions.put(id, 0);
                } else {
                    String id = mine.get(random.nextInt(mine.size()));
                    String text = id + " v" + versions.merge(id, 1, Integer::sum);
                    println(out, "B " + id + " " + text);
                    todos.update(JsonNodeFactory.instance.objectNode().put("id", id).put("text", text));
                }
                println(out, "E");
                if (i % 10 == 9) {
                    println(out, "P");
                    sync(out, () -> client.syncContext().push().get(60, TimeUnit.SECONDS));
                }
                if (i % 40 == 39) {
                    sync(out, () -> todos.pull(Query.all(), "all").get(60, TimeUnit.SECONDS));
                }
                Thread.sleep(random.nextInt(20));
            }
            for (int attempt = 0; attempt < 20 && !client.syncContext().pendingOperations().isEmpty(); attempt++) {
                sync(out, () -> client.syncContext().push().get(60, TimeUnit.SECONDS));
            }
            sync(out, () -> todos.pull(Query.all(), "all").get(60, TimeUnit.SECONDS));
            println(out, "done");
        }
    }

    private interface Sync {
        Object run() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /** Runs a push or pull; a failure is printed (the parent shows the first ones) and the instance goes on. */
    private static void sync(PrintStream out, Sync sync) throws InterruptedException {
        try {
            Object result = sync.run();
            if (result instanceof PushResult push && !push.succeeded()) {
                println(out, "failed push " + push);
            }
        } catch (ExecutionException | TimeoutException | SyncException e) {
            println(out, "failed " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static void println(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}

package dev.offlinesync.compat;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.sqlite.SqliteStore;

/**
 * A device as a child JVM, for tests that kill it (SIGKILL) or run two of them on one SQLite file: it writes
 * TodoItems through a {@link SyncTable} and pushes in the background while it writes. Before each write it
 * prints {@code B <I|U|D> <id> <text> <complete>}, after it returns {@code E} (acknowledged), or {@code X} when
 * it was refused, so the parent knows every acknowledged write and the one (at most) that a kill cut off.
 *
 * <p>Arguments: service URI, store file, owner (prefix of its new ids), run name (of this process; in its new ids
 * and its texts), seed, number of writes (-1: until killed), mode. Mode {@code own}: only its own items, no delegate, pushes only. Mode
 * {@code shared}: also items pulled from other devices, pulls too, conflicts settled by {@link ClientWins}.
 * A child with a number of writes pushes until nothing is queued (at most {@link #DRAIN}) and prints
 * {@code done <pending> <errors>}.
 */
public final class SyncingChild {

    static final String TABLE = "TodoItem";
    /** A child keeps at most this many of its own items alive, so a drain stays short. */
    private static final int MAX_LIVE = 25;
    private static final Duration DRAIN = Duration.ofSeconds(90);
    private static final long WRITE_PAUSE_MS = 15;
    private static final System.Logger LOG = System.getLogger(SyncingChild.class.getName());

    private SyncingChild() {
    }

    public static void main(String[] args) throws Exception {
        URI service = URI.create(args[0]);
        Path store = Path.of(args[1]);
        String owner = args[2];
        String run = args[3];
        Random random = new Random(Long.parseLong(args[4]));
        int writes = Integer.parseInt(args[5]);
        boolean shared = args[6].equals("shared");
        PrintStream out = System.out;
        try (SyncClient client = SyncClient.builder(service).store(SqliteStore.file(store))
                .delegate(shared ? new ClientWins() : null)
                .requestTimeout(Duration.ofSeconds(shared ? 1 : 10))
                .retries(1, Duration.ofMillis(50)).build()) {
            SyncTable<ObjectNode> todos = client.table(TABLE);
            RawTables server = new RawTables(service);
            List<String> live = new ArrayList<>();
            for (ObjectNode item : todos.read(Query.all()).items()) {
                String id = item.get("id").asText();
                if (shared || id.startsWith(owner + "-")) {
                    live.add(id);
                }
            }
            out.println("ready");
            out.flush();
            CompletableFuture<PushResult> push = CompletableFuture.completedFuture(null);
            for (int i = 0; writes < 0 || i < writes; i++) {
                write(todos, live, owner + "-" + run + "-" + i, owner + run + "#" + i, random, out);
                if (push.isDone() && random.nextInt(8) == 0) {
                    push = client.syncContext().push();
                    push.exceptionally(failure -> null);
                }
                if (shared && random.nextInt(15) == 0) {
                    awaitQuietly(push);
                    ClientWins.resolve(client, todos, server);
                    awaitQuietly(todos.pull(Query.all(), "child"));
                    live.clear();
                    todos.read(Query.all()).items().forEach(item -> live.add(item.get("id").asText()));
                }
                Thread.sleep(WRITE_PAUSE_MS);
            }
            awaitQuietly(push);
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (client.syncContext().pendingOperationCount() > 0 && System.nanoTime() < deadline) {
                awaitQuietly(client.syncContext().push());
                if (shared) {
                    ClientWins.resolve(client, todos, server);
                }
                Thread.sleep(50);
            }
            out.println("done " + client.syncContext().pendingOperationCount() + " "
                    + client.syncContext().errors().size());
            out.flush();
        }
    }

    private static void write(SyncTable<ObjectNode> todos, List<String> live, String newId, String text,
                              Random random, PrintStream out) {
        int choice = random.nextInt(10);
        boolean complete = random.nextBoolean();
        String kind;
        String id;
        if (live.isEmpty() || choice < 4 && live.size() < MAX_LIVE) {
            kind = "I";
            id = newId;
        } else if (choice < 8) {
            kind = "U";
            id = live.get(random.nextInt(live.size()));
        } else {
            kind = "D";
            id = live.get(random.nextInt(live.size()));
        }
        out.println("B " + kind + " " + id + " " + text + " " + complete);
        out.flush();
        try {
            switch (kind) {
                case "I" -> {
                    todos.insert(item(id, text, complete));
                    live.add(id);
                }
                case "U" -> todos.update(item(id, text, complete));
                default -> {
                    todos.deleteById(id);
                    live.remove(id);
                }
            }
            out.println("E");
        } catch (SyncException e) {
            // refused (e.g. a pull removed the item meanwhile): not acknowledged, and the parent is told so
            live.remove(id);
            out.println("X " + e.getClass().getSimpleName());
        }
        out.flush();
    }

    static ObjectNode item(String id, String text, boolean complete) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("text", text).put("complete", complete);
    }

    private static void awaitQuietly(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a failed push or pull: its operations stay queued for the next one, which is what is tested
            LOG.log(System.Logger.Level.INFO, "sync call failed: {0}", String.valueOf(e.getCause()));
        }
    }
}

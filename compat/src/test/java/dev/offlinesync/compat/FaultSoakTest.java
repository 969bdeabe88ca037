package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.compat.AcknowledgedWrites.Write;
import dev.offlinesync.compat.FaultProxy.Fault;
import dev.offlinesync.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

/**
 * Three devices on SQLite files and, with kills, a fourth in a child JVM that is killed (SIGKILL) and restarted,
 * all behind a {@link FaultProxy} that injects resets after the server's commit, truncated and late answers and
 * 503s at random. They insert, update and delete items of a shared pool, push and pull, in a random order.
 * Then the proxy heals and every device syncs until quiet, conflicts settled by {@link ClientWins}. Every
 * device must end with exactly the server's rows, nothing queued and no error, and each item on the server must
 * be some device's last acknowledged write of it ({@link AcknowledgedWrites}).
 *
 * <p>{@code -Dsoak.cycles} (default {@value #DEFAULT_CYCLES}), {@code -Dsoak.kills} (default
 * {@value #DEFAULT_KILLS}), {@code -Dsoak.faults} (percent of requests, default {@value #DEFAULT_FAULT_PERCENT})
 * and {@code -Dsoak.seed} (printed by every run) set a run.
 */
class FaultSoakTest extends ScenarioTest {

    static final int DEFAULT_CYCLES = 300;
    static final int DEFAULT_KILLS = 2;
    static final int DEFAULT_FAULT_PERCENT = 8;
    private static final System.Logger LOG = System.getLogger(FaultSoakTest.class.getName());
    private static final int DEVICES = 3;
    private static final int POOL = 30;
    private static final int QUIET_ROUNDS = 25;

    FaultSoakTest(NodeTableServer server) {
        super(server);
    }

    private final AcknowledgedWrites writes = new AcknowledgedWrites();
    /** Pool ids some device deleted: nobody inserts them again (the server cannot revive a deleted id). */
    private final Set<String> retired = new HashSet<>();
    private final Map<String, String> recent = new HashMap<>();
    private final List<SyncClient> clients = new ArrayList<>();
    private final List<SyncTable<ObjectNode>> tables = new ArrayList<>();
    private Random random;
    private String context;

    @Test
    void devicesBehindAFaultyNetworkEndWithTheServersRowsAndNoWriteLost() {
        int cycles = Integer.getInteger("soak.cycles", DEFAULT_CYCLES);
        int kills = Integer.getInteger("soak.kills", DEFAULT_KILLS);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        context = "soak seed " + seed + " (-Dsoak.seed=" + seed + " -Dsoak.cycles=" + cycles + " -Dsoak.kills="
                + kills + " repeats it)";
        LOG.log(System.Logger.Level.INFO, "FaultSoakTest: {0}", context);
        random = new Random(seed);
        long started = System.nanoTime();
        try (FaultProxy proxy = FaultProxy.start(server.uri(), FaultScenarioTest.PROXY_DELAY)) {
            proxy.injectAtRandom(seed, Integer.getInteger("soak.faults", DEFAULT_FAULT_PERCENT));
            for (int d = 0; d < DEVICES; d++) {
                SyncClient client = devices.device(proxy.uri(), new ClientWins(), builder -> builder
                        .requestTimeout(FaultScenarioTest.REQUEST_TIMEOUT)
                        .retries(FaultScenarioTest.RETRIES, Duration.ofMillis(20)));
                clients.add(client);
                tables.add(client.table(SyncingChild.TABLE));
            }
            KilledDevice killed = new KilledDevice(proxy, devices.storeDirectory(), random.nextLong());
            if (kills > 0) {
                killed.start();
            }
            int killEvery = kills == 0 ? Integer.MAX_VALUE : Math.max(1, cycles / kills);
            int acknowledged = 0;
            try {
                for (int cycle = 0; cycle < cycles; cycle++) {
                    acknowledged += step(cycle);
                    if (cycle % killEvery == killEvery - 1 && killed.kills < kills - 1) {
                        acknowledged += killed.killAndRestart(random);
                    }
                }
                acknowledged += killed.kill(random);
            } finally {
                killed.destroy(); // a failed run leaves no child JVM behind
            }
            proxy.heal();
            if (killed.kills > 0) {
                SyncClient child = SyncClient.builder(server.uri()).store(SqliteStore.file(killed.store))
                        .delegate(new ClientWins()).build();
                clients.add(child);
                tables.add(child.table(SyncingChild.TABLE));
            }
            try {
                syncUntilQuiet();
                verify();
            } finally {
                if (clients.size() > DEVICES) {
                    clients.get(DEVICES).close();
                }
            }
            Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
            proxy.handled().forEach(handled -> faults.merge(handled.fault(), 1, Integer::sum));
            LOG.log(System.Logger.Level.INFO, "FaultSoakTest passed: {0} cycles, {1} kills, {2} acknowledged writes,"
                    + " {3} items, requests {4}, {5} s; {6}", cycles, killed.kills, acknowledged, writes.ids().size(),
                    faults, (System.nanoTime() - started) / 1_000_000_000L, context);
        }
    }

    /** One random step of one device; returns 1 when it was an acknowledged write. */
    private int step(int cycle) {
        int d = random.nextInt(DEVICES);
        SyncClient client = clients.get(d);
        SyncTable<ObjectNode> table = tables.get(d);
        String device = "d" + d;
        int action = random.nextInt(100);
        try {
            if (action < 60) {
                return write(device, table, cycle, action);
            }
            if (action < 82) {
                await(client.syncContext().push());
            } else {
                await(table.pull(Query.all(), "soak"));
            }
        } catch (SyncException e) {
            // an injected fault or a conflict: the operations stay queued, errors are settled below
        }
        ClientWins.resolve(client, table, rest);
        return 0;
    }

    private int write(String device, SyncTable<ObjectNode> table, int cycle, int action) {
        List<String> local = table.read(Query.all()).items().stream().map(item -> item.get("id").asText()).toList();
        String text = device + "#" + cycle;
        boolean complete = random.nextBoolean();
        Write write;
        if (action < 25 || local.isEmpty()) {
            String id = "s" + random.nextInt(POOL);
            if (local.contains(id) || retired.contains(id)) {
                id = device + "-" + cycle;
            }
            write = new Write("I", id, text, complete);
            table.insert(SyncingChild.item(id, text, complete));
        } else if (action < 52) {
            write = new Write("U", pick(device, local), text, complete);
            table.update(SyncingChild.item(write.id(), text, complete));
        } else {
            write = new Write("D", pick(device, local), null, false);
            table.deleteById(write.id());
            retired.add(write.id());
        }
        writes.acknowledged(device, write);
        recent.put(device, write.id());
        return 1;
    }

    /**
     * A local item to change: half the time the one the device wrote last, which may have a push with a lost
     * answer behind it (the case most likely to go wrong), else any.
     */
    private String pick(String device, List<String> local) {
        String last = recent.get(device);
        return last != null && local.contains(last) && random.nextBoolean() ? last
                : local.get(random.nextInt(local.size()));
    }

    /** Pushes and settles conflicts on every device, then pulls on every device, until nothing is left. */
    private void syncUntilQuiet() {
        for (int round = 0; round < QUIET_ROUNDS; round++) {
            for (int d = 0; d < clients.size(); d++) {
                try {
                    await(clients.get(d).syncContext().push());
                } catch (SyncException e) {
                    ClientWins.resolve(clients.get(d), tables.get(d), rest);
                }
            }
            boolean quiet = clients.stream().allMatch(c -> c.syncContext().pendingOperationCount() == 0
                    && c.syncContext().errors().isEmpty());
            for (int d = 0; d < clients.size(); d++) {
                try {
                    await(tables.get(d).pull(Query.all(), "soak"));
                } catch (SyncException e) {
                    ClientWins.resolve(clients.get(d), tables.get(d), rest);
                }
            }
            if (quiet && clients.stream().allMatch(c -> c.syncContext().pendingOperationCount() == 0)) {
                return;
            }
            sleep(300); // parked items are retried after a backoff
        }
    }

    private void verify() {
        for (int d = 0; d < clients.size(); d++) {
            SyncClient client = clients.get(d);
            assertEquals(List.of(), client.syncContext().pendingOperations(), "device " + d + " left queued; "
                    + context + "; errors " + client.syncContext().errors());
            assertEquals(List.of(), client.syncContext().errors(), "device " + d + "; " + context);
        }
        assertEquals(List.of(), writes.unexplained(AcknowledgedWrites.serverItems(server)),
                "items no device's last write explains; " + context);
        assertEquals(List.of(), server.querySql(
                "SELECT lower(id) AS id, COUNT(*) AS n FROM TodoItem GROUP BY lower(id) HAVING COUNT(*) > 1"),
                "ids on the server more than once; " + context);
        Map<String, String> serverRows = ServerRows.liveTodos(server);
        for (int d = 0; d < clients.size(); d++) {
            assertEquals(serverRows, ServerRows.localTodos(tables.get(d)), "device " + d + "'s table; " + context);
        }
    }

    /** The fourth device: a child JVM on its own SQLite file, killed every so many cycles and started again. */
    private final class KilledDevice {
        final Path store;
        final Path folder;
        final FaultProxy proxy;
        final Random childSeeds;
        ChildDevice child;
        int kills;

        KilledDevice(FaultProxy proxy, Path directory, long seed) {
            this.proxy = proxy;
            this.store = directory.resolve("killed-device.db");
            this.folder = directory.resolve("children");
            this.childSeeds = new Random(seed);
        }

        void start() {
            child = ChildDevice.start(folder, proxy.uri(), store, "x", "r" + kills, childSeeds.nextLong(), -1,
                    "shared");
        }

        /** Kills the running child once it has run for a random moment, and starts the next. */
        int killAndRestart(Random timing) {
            int acknowledged = kill(timing);
            start();
            return acknowledged;
        }

        int kill(Random timing) {
            if (child == null) {
                return 0;
            }
            child.awaitReady();
            sleep(150 + timing.nextInt(600));
            child.kill();
            kills++;
            return read();
        }

        void destroy() {
            if (child != null && child.isAlive()) {
                child.kill();
            }
        }

        private int read() {
            int acknowledged = writes.readChildOutput("x", child.lines());
            child.lines().stream().filter(line -> line.startsWith("B D ")).forEach(line -> retired.add(
                    line.split(" ")[2]));
            child = null;
            return acknowledged;
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

package dev.offlinesync.internal.systemtables;

import dev.offlinesync.spi.StoreOperations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The right to push, kept as a row in {@link SystemTables#CONFIG} so that it holds across every client and
 * process sharing a store: one push at a time, and an operation marked in flight stays in flight exactly as long
 * as the push that marked it holds the lease.
 *
 * <p>An owner is {@code host|pid|processStart|uuid}, where host also names the pid namespace. A lease ends when
 * its holder releases it, when it expires (the holder renews it at every step of its push), or as soon as its
 * holder is known to be gone: a process of this host and pid namespace that no longer runs (or whose pid now
 * belongs to a later process), or a client of this JVM that was closed. A holder elsewhere (another host, another
 * container) is trusted until expiry.
 */
public final class PushLease {

    /** How long a lease lasts without renewal; longer than any single operation's exchange with the server. */
    public static final Duration DURATION = Duration.ofMinutes(10);
    /**
     * How long a renewal is trusted without reading the lease again: far within {@link #DURATION}, so that nobody
     * else can have taken the lease meanwhile (an unexpired lease of a live holder is never taken).
     */
    public static final Duration TRUSTED = DURATION.dividedBy(10);

    private static final String ID = "pushLease";
    private static final Set<String> LIVE_IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final String HOST = hostName();
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = processStart(ProcessHandle.current());

    private final String owner;
    /** Releases of this identity's lease so far: a push that renews lazily sees one at once. */
    private final AtomicLong releases = new AtomicLong();

    /** A new owner identity for one client; live until {@link #close()}. */
    public PushLease() {
        this.owner = HOST + "|" + PID + "|" + START + "|" + UUID.randomUUID();
        LIVE_IN_THIS_JVM.add(owner);
    }

    public String owner() {
        return owner;
    }

    /** Takes or renews the lease when it is free, expired, ours, or its holder is gone; true when it is ours. */
    public boolean tryAcquire(StoreOperations ops, Instant now) {
        Optional<Holder> holder = holder(ops);
        if (holder.isPresent() && !holder.get().owner.equals(owner) && holds(holder.get(), now)) {
            return false;
        }
        write(ops, now.plus(DURATION));
        return true;
    }

    /** How many times this identity gave its lease up (or may have: counted before the release commits). */
    public long releases() {
        return releases.get();
    }

    /**
     * Whether a lease this identity took or renewed at {@code renewed}, with {@code releasesThen} releases counted
     * then, is surely still its own at {@code now}: renewed less than {@link #TRUSTED} ago, not given up since,
     * and this identity not closed. Then a push may skip renewing it for the next operation.
     */
    public boolean stillHeld(Instant renewed, long releasesThen, Instant now) {
        return releases.get() == releasesThen && LIVE_IN_THIS_JVM.contains(owner) && !now.isBefore(renewed)
                && now.isBefore(renewed.plus(TRUSTED));
    }

    /** Gives the lease up if it is ours. */
    public void release(StoreOperations ops) {
        releases.incrementAndGet();
        Optional<Holder> holder = holder(ops);
        if (holder.isPresent() && holder.get().owner.equals(owner)) {
            ops.delete(SystemTables.CONFIG, List.of(ID));
        }
    }

    /** The owner that holds the lease now, or null: an operation marked by anyone else is not in flight. */
    public static String liveHolder(StoreOperations ops, Instant now) {
        Optional<Holder> holder = holder(ops);
        return holder.isPresent() && holds(holder.get(), now) ? holder.get().owner : null;
    }

    /** This identity is gone: its lease (if any) can be taken at once by others. */
    public void close() {
        releases.incrementAndGet();
        LIVE_IN_THIS_JVM.remove(owner);
    }

    private record Holder(String owner, Instant expiry) {
    }

    private static boolean holds(Holder holder, Instant now) {
        if (!now.isBefore(holder.expiry)) {
            return false;
        }
        String[] parts = holder.owner.split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals(HOST)) {
            return parts.length == 4; // another host: trusted until expiry; an unreadable mark holds nothing
        }
        return runs(holder.owner, parts);
    }

    /**
     * Whether an owner is a client of this host that still runs: of this JVM and not closed, or of a process that
     * is alive. Its marks may be requests still out, whether or not its lease ran out meanwhile (an exchange can
     * outlast it); of an owner on another host nothing is known.
     */
    public static boolean runsHere(String owner) {
        String[] parts = owner.split("\\|", 4);
        return parts.length == 4 && parts[0].equals(HOST) && runs(owner, parts);
    }

    private static boolean runs(String owner, String[] parts) {
        long pid;
        long start;
        try {
            pid = Long.parseLong(parts[1]);
            start = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID && start == START) {
            return LIVE_IN_THIS_JVM.contains(owner);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive()
                && (start == 0 || Math.abs(processStart(process.get()) - start) < 1000);
    }

    private static Optional<Holder> holder(StoreOperations ops) {
        return ops.lookup(SystemTables.CONFIG, ID).map(row -> {
            String value = (String) row.get("value");
            int newline = value == null ? -1 : value.lastIndexOf('\n');
            if (newline < 0) {
                return new Holder("", Instant.EPOCH);
            }
            try {
                return new Holder(value.substring(0, newline),
                        Instant.ofEpochMilli(Long.parseLong(value.substring(newline + 1))));
            } catch (NumberFormatException e) {
                return new Holder("", Instant.EPOCH);
            }
        });
    }

    private void write(StoreOperations ops, Instant expiry) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", ID);
        row.put("tableName", "");
        row.put("kind", ID);
        row.put("queryId", null);
        row.put("value", owner + "\n" + expiry.toEpochMilli());
        ops.upsert(SystemTables.CONFIG, List.of(row));
    }

    private static long processStart(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Where process ids mean the same thing: the host name, plus the pid namespace where the system names one
     * (containers with host networking share the name, not the process ids, and must not judge each other's pids).
     */
    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "unknown-host";
        }
        try {
            name = name + "#" + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no pid namespaces here: the host name alone says where pids are comparable
        }
        return name.replace('|', '_').replace('\n', '_');
    }
}

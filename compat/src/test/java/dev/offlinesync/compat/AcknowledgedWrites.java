package dev.offlinesync.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the devices of a run were told they wrote, to explain the server's final rows: per item and device the
 * last acknowledged write (a local insert, update or delete that returned), and the writes a kill cut off after
 * it (they may or may not have happened). After everything is synced, each item on the server must be the last
 * acknowledged write of one of the devices that wrote it (or a cut-off write after it): a live row with exactly
 * its text and flag, or a deleted or missing row for a delete. Anything else is a lost or invented write.
 */
final class AcknowledgedWrites {

    /** One local write: I(nsert), U(pdate) or D(elete) of an item, with the text and flag it wrote. */
    record Write(String kind, String id, String text, boolean complete) {
        boolean isDelete() {
            return kind.equals("D");
        }

        @Override
        public String toString() {
            return kind + " " + id + (isDelete() ? "" : " '" + text + "' " + complete);
        }
    }

    /** An item's row on the server. */
    record ServerItem(String id, String text, boolean complete, boolean deleted, long version) {
    }

    private final Map<String, Map<String, Write>> last = new TreeMap<>();
    private final Map<String, Map<String, List<Write>>> cutOff = new TreeMap<>();
    private final Map<String, Integer> writes = new HashMap<>();

    synchronized void acknowledged(String device, Write write) {
        last.computeIfAbsent(write.id(), id -> new TreeMap<>()).put(device, write);
        cutOff.getOrDefault(write.id(), Map.of()).getOrDefault(device, new ArrayList<>()).clear();
        writes.merge(write.id(), 1, Integer::sum);
    }

    synchronized void cutOff(String device, Write write) {
        cutOff.computeIfAbsent(write.id(), id -> new TreeMap<>())
                .computeIfAbsent(device, d -> new ArrayList<>()).add(write);
        writes.merge(write.id(), 1, Integer::sum);
    }

    /**
     * Reads a {@link SyncingChild}'s output: {@code B ...} then {@code E} is acknowledged, {@code B ...} then
     * {@code X} was refused, and a last {@code B ...} without either was cut off by a kill.
     *
     * @return how many writes were acknowledged
     */
    int readChildOutput(String device, List<String> lines) {
        Write pending = null;
        int acknowledged = 0;
        for (String line : lines) {
            if (line.startsWith("B ")) {
                String[] parts = line.split(" ");
                pending = new Write(parts[1], parts[2], parts[3], Boolean.parseBoolean(parts[4]));
            } else if (line.equals("E") && pending != null) {
                acknowledged(device, pending);
                acknowledged++;
                pending = null;
            } else if (line.startsWith("X")) {
                pending = null;
            }
        }
        if (pending != null) {
            cutOff(device, pending);
        }
        return acknowledged;
    }

    synchronized Set<String> ids() {
        Set<String> ids = new TreeSet<>(last.keySet());
        ids.addAll(cutOff.keySet());
        return ids;
    }

    /** How many writes (acknowledged or cut off) any device made to the item. */
    synchronized int writesTo(String id) {
        return writes.getOrDefault(id, 0);
    }

    /** The server's TodoItem rows, deleted ones too. */
    static Map<String, ServerItem> serverItems(NodeTableServer server) {
        Map<String, ServerItem> items = new TreeMap<>();
        for (Map<String, Object> row : server.querySql(
                "SELECT id, text, complete, deleted, version FROM TodoItem")) {
            String id = (String) row.get("id");
            items.put(id, new ServerItem(id, (String) row.get("text"),
                    row.get("complete") != null && ((Number) row.get("complete")).intValue() == 1,
                    ((Number) row.get("deleted")).intValue() == 1, Long.parseLong(String.valueOf(row.get("version")))));
        }
        return items;
    }

    /** The items whose server state no device's last write explains, each with what was expected; empty: all. */
    synchronized List<String> unexplained(Map<String, ServerItem> server) {
        List<String> problems = new ArrayList<>();
        for (String id : ids()) {
            List<Write> candidates = new ArrayList<>(last.getOrDefault(id, Map.of()).values());
            cutOff.getOrDefault(id, Map.of()).values().forEach(candidates::addAll);
            ServerItem item = server.get(id);
            boolean gone = item == null || item.deleted();
            // a device whose only writes of the item were cut off may never have written it at all
            boolean maybeNeverWritten = cutOff.getOrDefault(id, Map.of()).keySet().stream()
                    .anyMatch(device -> !last.getOrDefault(id, Map.of()).containsKey(device));
            boolean explained = item == null && maybeNeverWritten || candidates.stream().anyMatch(write ->
                    write.isDelete() ? gone
                            : !gone && write.text().equals(item.text()) && write.complete() == item.complete());
            if (!explained) {
                problems.add(id + ": server " + (item == null ? "has no row" : item) + ", but the devices' last"
                        + " writes were " + last.getOrDefault(id, Map.of()) + ", cut off "
                        + cutOff.getOrDefault(id, Map.of()));
            }
        }
        for (String id : server.keySet()) {
            if (!ids().contains(id)) {
                problems.add(id + ": on the server, but no device wrote it: " + server.get(id));
            }
        }
        return problems;
    }
}

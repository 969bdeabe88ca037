package dev.offlinesync.internal.systemtables;

import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of the operation queue.
 *
 * @param item     for a delete, the item as it was when deleted (its version is sent as If-Match); else null
 * @param owner    the push that is sending this operation now ({@link PushLease} owner), or null. The mark
 *                 counts only while that owner holds the push lease: a dead owner's mark means nothing
 * @param sent     bodies (JSON text) sent for this operation whose answers never arrived (oldest first, at most
 *                 {@link #MAX_SENT}). Non-empty means the server may already have applied one of them, so the
 *                 operation is never collapsed away, and a conflict whose server item is one of them is the
 *                 client's own write
 * @param failures how many pushes in a row the server rejected this operation (parking backoff)
 * @param retryAt  a parked operation is not tried again before this time (null: not parked)
 * @param recreate the item was deleted on the server and the user chose to recreate it
 */
public record QueuedOperation(String id, long sequence, OperationKind kind, String table, String itemId,
                              String owner, Map<String, Object> item, List<String> sent,
                              long failures, Instant retryAt, boolean recreate) {

    /** Enough lost answers to recognise a client's own write after repeated outages, bounded per operation. */
    public static final int MAX_SENT = 8;

    public QueuedOperation {
        sent = sent == null ? List.of() : List.copyOf(sent);
    }

    static QueuedOperation fromRow(Map<String, Object> row) {
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) row.get("item");
        @SuppressWarnings("unchecked")
        List<String> sent = (List<String>) row.get("sent");
        Long failures = (Long) row.get("failures");
        return new QueuedOperation((String) row.get("id"), (Long) row.get("sequence"),
                OperationKind.valueOf((String) row.get("kind")), (String) row.get("tableName"),
                (String) row.get("itemId"), (String) row.get("owner"), item, sent,
                failures == null ? 0 : failures, (Instant) row.get("retryAt"),
                Boolean.TRUE.equals(row.get("recreate")));
    }

    Map<String, Object> toRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("sequence", sequence);
        row.put("tableName", table);
        row.put("itemId", itemId);
        row.put("kind", kind.name());
        row.put("state", owner != null ? "inflight" : "pending");
        row.put("item", item);
        row.put("owner", owner);
        row.put("sent", sent.isEmpty() ? null : sent);
        row.put("failures", failures);
        row.put("retryAt", retryAt);
        row.put("recreate", recreate);
        return row;
    }

    /** Whether a body of this operation went out without an answer: the server may have applied it. */
    public boolean maybeApplied() {
        return !sent.isEmpty();
    }

    public QueuedOperation withKind(OperationKind newKind, Map<String, Object> newItem) {
        return new QueuedOperation(id, sequence, newKind, table, itemId, owner, newItem, sent, failures, retryAt,
                recreate);
    }

    public QueuedOperation withOwner(String newOwner) {
        return new QueuedOperation(id, sequence, kind, table, itemId, newOwner, item, sent, failures, retryAt,
                recreate);
    }

    /** Records a body about to be sent (kept until the operation completes). */
    public QueuedOperation withSent(String body) {
        if (!sent.isEmpty() && sent.get(sent.size() - 1).equals(body)) {
            return this;
        }
        List<String> bodies = new ArrayList<>(sent);
        bodies.add(body);
        while (bodies.size() > MAX_SENT) {
            bodies.remove(0);
        }
        return new QueuedOperation(id, sequence, kind, table, itemId, owner, item, bodies, failures, retryAt,
                recreate);
    }

    /**
     * Takes the bodies an earlier operation of the item sent (its answer lost) before this one's own, so that the
     * server's copy of any of them is known as this client's write; the newest {@link #MAX_SENT} are kept.
     */
    public QueuedOperation withEarlierSent(List<String> earlier) {
        List<String> bodies = new ArrayList<>(earlier);
        bodies.addAll(sent);
        while (bodies.size() > MAX_SENT) {
            bodies.remove(0);
        }
        return new QueuedOperation(id, sequence, kind, table, itemId, owner, item, bodies, failures, retryAt,
                recreate);
    }

    /** Parks the operation until {@code until}, one more failure counted. */
    public QueuedOperation parked(Instant until) {
        return new QueuedOperation(id, sequence, kind, table, itemId, null, item, sent, failures + 1, until,
                recreate);
    }

    /** Ready to be tried at the next push (an error was resolved): no backoff, optionally recreating. */
    public QueuedOperation unparked(boolean recreateItem) {
        return new QueuedOperation(id, sequence, kind, table, itemId, owner, item, sent, 0, null, recreateItem);
    }

    public PendingOperation toPending(boolean inFlight) {
        return new PendingOperation(id, sequence, kind, table, itemId, inFlight);
    }
}

package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationError.Reason;
import dev.offlinesync.OperationKind;
import dev.offlinesync.SyncException;
import dev.offlinesync.TableChange.Origin;
import dev.offlinesync.internal.json.RowMapper;
import dev.offlinesync.internal.protocol.SystemColumns;
import dev.offlinesync.internal.systemtables.ErrorLog.StoredError;
import dev.offlinesync.internal.systemtables.QueuedOperation;
import dev.offlinesync.spi.StoreOperations;
import dev.offlinesync.spi.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a push step writes: a rejected operation parked with its error, or a server's answer applied. */
final class Parking {

    /** The pause before a parked operation is tried again; it doubles with each failure in a row. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    /** The longest pause between two tries of a parked operation. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger(Parking.class.getName());

    private final EngineParts engine;

    Parking(EngineParts engine) {
        this.engine = engine;
    }

    /** When an operation that failed {@code failures} times in a row before may be tried again. */
    static Instant retryAt(long failures, Instant now) {
        long factor = 1L << Math.min(failures, 20);
        Duration pause = FIRST_PAUSE.multipliedBy(factor);
        return now.plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
    }

    /**
     * Parks the operation (not in flight any more, tried again after a pause) and records its error. Without
     * {@code pause} (the delegate cancelled the push on it) it is tried at the next push.
     */
    OperationError park(StoreOperations ops, QueuedOperation op, ObjectNode sentItem, Reason reason,
                        SyncException failure, boolean pause) {
        Instant now = Instant.now();
        engine.queue.save(ops, pause ? op.parked(retryAt(op.failures(), now)) : op.withOwner(null));
        int status = failure instanceof HttpStatusException h ? h.status() : 0;
        ObjectNode serverItem = failure instanceof ConflictException c ? c.serverItem() : null;
        TableDefinition definition = engine.table(op.table());
        StoredError stored = new StoredError(op.id(), op.table(), op.itemId(), op.kind().name(), reason.name(),
                status, failure.getMessage(), toRowLenient(sentItem, definition),
                serverItem == null ? null : toRowLenient(serverItem, definition), now);
        engine.errors.record(ops, stored);
        return new StoredOperationError(engine, stored);
    }

    /**
     * The server's item becomes the local row, unless a newer local change of the item is queued: then only
     * the server's system columns are taken, so that the next push carries the right version. {@code newer}: the
     * item's operations queued after {@code op}.
     */
    void applyServerItem(StoreOperations ops, QueuedOperation op, Map<String, Object> serverRow,
                         List<QueuedOperation> newer) {
        if (serverRow == null) {
            return;
        }
        if (newer.isEmpty()) {
            if (op.kind() == OperationKind.DELETE) {
                engine.upsertRecorded(ops, Origin.PUSH_ANSWER, op.table(), serverRow);
            } else {
                // The push read the row when it took this insert or update (it drops one whose row is gone), and
                // the row goes only with a queued change after this operation (a local delete) or with this
                // operation itself (a resolution, a purge): with it still queued and nothing newer, the row exists.
                engine.updateRecorded(ops, Origin.PUSH_ANSWER, op.table(), serverRow);
            }
            return;
        }
        for (QueuedOperation later : newer) {
            if (later.kind() == OperationKind.DELETE) {
                Map<String, Object> item = new LinkedHashMap<>(later.item() == null ? Map.of() : later.item());
                copySystemColumns(serverRow, item);
                engine.queue.save(ops, later.withKind(OperationKind.DELETE, item));
            }
        }
        Optional<Map<String, Object>> local = ops.lookup(op.table(), op.itemId());
        if (local.isPresent()) {
            Map<String, Object> row = local.get();
            copySystemColumns(serverRow, row);
            ops.upsert(op.table(), List.of(row));
            engine.changes().updated(Origin.PUSH_ANSWER, op.table(), List.of(op.itemId()));
            if (holdsUserValues(serverRow, row)) {
                // The answer already holds the newer edit (a retried insert sends the current row): the update
                // queued after it would send the same values again.
                for (QueuedOperation later : newer) {
                    if (later.kind() == OperationKind.UPDATE && !later.recreate()) {
                        engine.queue.remove(ops, later.id());
                        engine.errors.remove(ops, later.id());
                    }
                }
            }
        }
    }

    private static boolean holdsUserValues(Map<String, Object> serverRow, Map<String, Object> localRow) {
        for (Map.Entry<String, Object> field : localRow.entrySet()) {
            if (!SystemColumns.LOCAL.containsKey(field.getKey())
                    && !Objects.equals(field.getValue(), serverRow.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static void copySystemColumns(Map<String, Object> from, Map<String, Object> to) {
        for (String column : SystemColumns.LOCAL.keySet()) {
            if (from.containsKey(column)) {
                to.put(column, from.get(column));
            }
        }
    }

    private static Map<String, Object> toRowLenient(ObjectNode item, TableDefinition definition) {
        try {
            return RowMapper.toRow(item, definition);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "an item of an operation error does not fit the table", e);
            return null;
        }
    }
}

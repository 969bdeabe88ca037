package dev.offlinesync.compat;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.OperationError;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;

/**
 * A deterministic conflict policy for runs without a user: the device's change wins over the server's live
 * item (sent again with the server's version), and an item the server has deleted stays deleted (the device's
 * change of it is discarded). As a delegate it resolves conflicts during the push; {@link #resolve} settles
 * the errors a push left (conflicts the delegate could not settle, updates of items deleted on the server).
 * Other errors (a parked 5xx) are left for later pushes.
 */
final class ClientWins implements SyncContextDelegate {

    @Override
    public ObjectNode onOperation(TableOperation operation) {
        try {
            return operation.execute();
        } catch (ConflictException e) {
            ObjectNode server = e.serverItem();
            if (server == null || server.path("deleted").asBoolean(false) || e.serverVersion() == null) {
                throw e; // settled by resolve(): the item is gone on the server
            }
            ObjectNode mine = operation.item();
            mine.put("version", e.serverVersion());
            operation.setItem(mine);
            return operation.execute();
        }
    }

    /**
     * Settles the client's conflict errors of {@code table} by the same policy, asking {@code server} for the
     * item when the error does not carry it (a 409 whose real row could not be fetched); an error the server
     * cannot be asked about now is left for the next call. Returns how many it settled.
     */
    static int resolve(SyncClient client, SyncTable<ObjectNode> table, RawTables server) {
        int settled = 0;
        for (OperationError error : client.syncContext().errors()) {
            Set<String> queued = client.syncContext().pendingOperations().stream().map(PendingOperation::id)
                    .collect(Collectors.toSet());
            if (!queued.contains(error.operationId())) {
                continue; // settled with another error of the item, or orphaned: then the run's checks report it
            }
            if (!error.table().equals(table.name())) {
                continue;
            }
            if (error.reason() == OperationError.Reason.DELETED_ON_SERVER) {
                error.acceptServerDeletion(); // the item is gone on the server: its deletion wins
                settled++;
                continue;
            }
            boolean conflict = error.status() == 409 || error.status() == 412;
            if (!conflict && error.status() != 404) {
                continue; // a parked failure: later pushes try it again
            }
            Optional<ObjectNode> current;
            try {
                current = error.serverItem() != null ? Optional.of(error.serverItem())
                        : server.find(error.table(), error.itemId());
            } catch (IOException e) {
                continue; // asked again next time
            }
            if (current.isEmpty() || current.get().path("deleted").asBoolean(false)) {
                error.cancelAndDiscard(); // the item is gone on the server: its deletion wins
            } else {
                ObjectNode mine = table.lookup(error.itemId()).orElseGet(error::clientItem);
                if (mine == null) {
                    continue; // nothing to send again: left for the next push to report
                }
                mine.put("version", current.get().path("version").asText());
                error.keepAndRetry(mine);
            }
            settled++;
        }
        return settled;
    }
}

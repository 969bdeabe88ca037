package dev.offlinesync.compat;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.OperationError;
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

    /** Settles the client's conflict errors of {@code table} by the same policy; returns how many it settled. */
    static int resolve(SyncClient client, SyncTable<ObjectNode> table) {
        int settled = 0;
        for (OperationError error : client.syncContext().errors()) {
            if (!error.table().equals(table.name())) {
                continue;
            }
            ObjectNode server = error.serverItem();
            boolean goneOnServer = server == null || server.path("deleted").asBoolean(false);
            if (error.status() == 404 || (error.status() == 409 || error.status() == 412) && goneOnServer) {
                error.cancelAndDiscard();
                settled++;
            } else if ((error.status() == 409 || error.status() == 412) && server.hasNonNull("version")) {
                Optional<ObjectNode> local = table.lookup(error.itemId());
                ObjectNode mine = local.orElseGet(error::clientItem);
                if (mine == null) {
                    continue; // nothing to send again: left for the next push to report
                }
                mine.put("version", server.get("version").asText());
                error.keepAndRetry(mine);
                settled++;
            }
        }
        return settled;
    }
}

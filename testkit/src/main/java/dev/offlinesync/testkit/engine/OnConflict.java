package dev.offlinesync.testkit.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ConflictException;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;

/** The walkthrough's three answers to a conflict, as delegates: the README's recipe, once. */
enum OnConflict implements SyncContextDelegate {

    /** Retry with the server's version, so the client's values win. */
    USE_CLIENT {
        @Override
        ObjectNode resolve(TableOperation operation, ConflictException conflict) {
            ObjectNode mine = operation.item();
            mine.put("version", conflict.serverVersion());
            operation.setItem(mine);
            return operation.execute();
        }
    },
    /** Take the server's item: the local row becomes the server's. */
    USE_SERVER {
        @Override
        ObjectNode resolve(TableOperation operation, ConflictException conflict) {
            return conflict.serverItem();
        }
    },
    /** Stop the push; the operation stays queued. */
    CANCEL {
        @Override
        ObjectNode resolve(TableOperation operation, ConflictException conflict) {
            operation.cancelPush();
            throw conflict;
        }
    };

    abstract ObjectNode resolve(TableOperation operation, ConflictException conflict);

    @Override
    public ObjectNode onOperation(TableOperation operation) {
        try {
            return operation.execute();
        } catch (ConflictException conflict) {
            return resolve(operation, conflict);
        }
    }
}

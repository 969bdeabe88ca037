package dev.offlinesync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.internal.protocol.SystemColumns;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's delegate with the tables' conflict handlers behind it: a conflict the application's delegate lets
 * through (the default one lets every conflict through) goes to its table's handler, whose answer is carried out
 * here, versions included.
 */
final class ConflictHandlers implements SyncContextDelegate {

    /** A table's handler, bound to the table's item type. */
    interface Bound {
        Conflict.Resolution resolve(TableOperation operation, ConflictException conflict, int attempt);
    }

    private final SyncContextDelegate delegate;
    private final Map<String, Bound> handlers = new ConcurrentHashMap<>();

    ConflictHandlers(SyncContextDelegate delegate) {
        this.delegate = delegate == null ? new SyncContextDelegate() { } : delegate;
    }

    void set(String table, Bound handler) {
        if (handler == null) {
            handlers.remove(table);
        } else {
            handlers.put(table, handler);
        }
    }

    @Override
    public ObjectNode onOperation(TableOperation operation) {
        Bound handler = handlers.get(operation.table());
        if (handler == null) {
            return delegate.onOperation(operation);
        }
        int attempt = 0;
        while (true) {
            try {
                return attempt == 0 ? delegate.onOperation(operation) : operation.execute();
            } catch (ConflictException conflict) {
                attempt++;
                Conflict.Resolution answer;
                try {
                    answer = handler.resolve(operation, conflict, attempt);
                } catch (RuntimeException e) {
                    conflict.addSuppressed(e); // still a conflict with the server's item: resolvable from errors()
                    throw conflict;
                }
                if (answer == null) {
                    conflict.addSuppressed(new InvalidItemException("The conflict handler of " + operation.table()
                            + " returned null for item '" + operation.itemId() + "': return useClient(), useServer(),"
                            + " cancel() or merge(item)"));
                    throw conflict;
                }
                ObjectNode server = conflict.serverItem();
                String serverVersion = conflict.serverVersion();
                switch (answer.kind()) {
                    case CANCEL -> {
                        operation.cancelPush();
                        throw conflict;
                    }
                    case USE_SERVER -> {
                        if (server == null || server.path(SystemColumns.DELETED).asBoolean(false)) {
                            throw conflict; // nothing to take: recorded as the operation's error
                        }
                        return server;
                    }
                    case USE_CLIENT, MERGE -> {
                        if (serverVersion == null) {
                            throw conflict; // no version to base the item on: recorded as the operation's error
                        }
                        ObjectNode item = answer.merged() == null ? operation.item()
                                : TypedItems.overlay(operation.item(), answer.merged());
                        item.put(SystemColumns.VERSION, serverVersion);
                        operation.setItem(item);
                    }
                    default -> throw new IllegalStateException("unknown resolution " + answer);
                }
            }
        }
    }

    @Override
    public void onPushComplete(PushResult result) {
        delegate.onPushComplete(result);
    }
}

package dev.offlinesync.store.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The child of {@link PushLeaseAcrossPidNamespacesTest}: inserts one item into the shared schema and pushes it,
 * holding the push (and so the lease) for a while inside the delegate. Prints {@code pushing} when its push has
 * the item in flight, then {@code pushed <succeeded>} or {@code failed <message>}.
 *
 * <p>Arguments: schema, service URI, item id, milliseconds to hold the push.
 */
public final class LeaseHolder {

    private LeaseHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        long hold = Long.parseLong(args[3]);
        SyncContextDelegate slow = new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                out.println("pushing");
                out.flush();
                try {
                    Thread.sleep(hold);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while holding the push", e);
                }
                return operation.execute();
            }
        };
        try (SyncClient client = SyncClient.builder(URI.create(args[1])).store(TestDatabase.store(args[0]))
                .delegate(slow).build()) {
            client.table(PushLeaseAcrossPidNamespacesTest.TABLE)
                    .insert(JsonNodeFactory.instance.objectNode().put("id", args[2]).put("text", "held"));
            PushResult result = client.syncContext().push().get(60, TimeUnit.SECONDS);
            out.println("pushed " + result.succeeded());
        } catch (ExecutionException | TimeoutException e) {
            out.println("failed " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        out.flush();
    }
}

package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.TableOperation;
import dev.offlinesync.spi.SyncContextDataSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An operation whose exchange outlasts the push lease (a delegate that waits for its user, a server that takes
 * its time) is still in flight while its client lives: a local change of its item made then is queued after it,
 * never folded into it, so the answer applied later does not undo the change.
 */
public interface OutlivedLeaseContract extends EngineFixture {

    /**
     * Another client on this store, with this delegate.
     *
     * @param store    the store
     * @param delegate the delegate, or null for the default one
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate);

    /**
     * {@return a new, empty store of the kind under test}
     */
    SyncContextDataSource newStore();

    /** Makes the store's push lease look expired, as if its holder had not renewed it for longer than it lasts. */
    private static void leaseRunsOut(SyncContextDataSource store) {
        store.transaction(ops -> {
            Map<String, Object> lease = new LinkedHashMap<>(ops.lookup("MS_TableConfig", "pushLease").orElseThrow());
            String value = (String) lease.get("value");
            String owner = value.substring(0, value.lastIndexOf('\n'));
            lease.put("value", owner + "\n" + Instant.now().minusSeconds(60).toEpochMilli());
            ops.upsert("MS_TableConfig", List.of(lease));
            return null;
        });
    }

    /**
     * Pushes item "a" (inserted and pushed first when {@code pushedBefore}) with a delegate that, while a's
     * operation is out, lets the lease run out and then makes {@code change} locally; then pushes again. Gives the
     * client.
     */
    private SyncClient changedWhileOutlivingTheLease(Consumer<SyncClient> change) {
        SyncContextDataSource store = newStore();
        AtomicReference<SyncClient> self = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        SyncClient client = newClient(store, new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.itemId().equals("a") && once.compareAndSet(false, true)) {
                    leaseRunsOut(store);
                    change.accept(self.get());
                }
                return operation.execute();
            }
        });
        self.set(client);
        client.table("TodoItem").insert(item("a", "first", false));

        await(client.syncContext().push());
        PushResult second = await(client.syncContext().push());

        assertTrue(second.succeeded(), second.toString());
        assertEquals(List.of(), queue(client));
        return client;
    }

    /** Checks that an edit made while the item's insert outlives the push lease reaches the server. */
    @Test
    default void anEditMadeWhileTheItemsInsertOutlivesThePushLeaseIsNotLost() {
        SyncClient client = changedWhileOutlivingTheLease(
                c -> c.table("TodoItem").update(item("a", "edited while out", false)));

        assertEquals("edited while out", client.table("TodoItem").lookup("a").orElseThrow().get("text").asText(),
                "the local edit stays");
        assertEquals("edited while out", serverItem("a").get("text").asText(), "and reaches the server");
    }

    /** Checks that a delete made while the item's insert outlives the push lease deletes it on the server. */
    @Test
    default void aDeleteMadeWhileTheItemsInsertOutlivesThePushLeaseDeletesItOnTheServer() {
        SyncClient client = changedWhileOutlivingTheLease(c -> c.table("TodoItem").deleteById("a"));

        assertEquals(Optional.empty(), client.table("TodoItem").lookup("a"));
        assertTrue(service().item("TodoItem", "a").map(item -> item.path(wireName("deleted")).asBoolean(false))
                        .orElse(true),
                "deleted on the server too: " + service().item("TodoItem", "a"));
    }
}

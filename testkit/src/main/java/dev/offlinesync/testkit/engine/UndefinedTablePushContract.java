package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.spi.SyncContextDataSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that pushes a store's queue holding operations of a table it has not opened ({@code SyncClient.table})
 * cannot make a row of the server's answer, nor record an error against the table: it leaves those operations
 * queued, unsent, and pushes the others; once it opens the table, they go.
 */
public interface UndefinedTablePushContract extends EngineFixture {

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

    /** Checks that a push leaves the operations of a table the client has not opened queued, and sends the rest. */
    @Test
    default void aPushLeavesTheOperationsOfATableTheClientHasNotOpenedQueuedAndUnsent() {
        service().defineTable("OtherItem");
        SyncContextDataSource store = newStore();
        SyncClient app = newClient(store, null);
        app.table("TodoItem").insert(item("a", "mine", false));
        app.table("OtherItem").insert(item("o", "other", false));
        app.table("TodoItem").insert(item("b", "mine", false));
        SyncClient background = newClient(store, null);
        background.table("OtherItem");

        PushResult result = await(background.syncContext().push());

        assertEquals(1, result.completedOperations(), result.toString());
        assertEquals(List.of("POST OtherItem"), requests().stream().map(r -> r.method() + " " + r.table()).toList(),
                "nothing of a table the client cannot read an answer for was sent");
        assertEquals(List.of("INSERT a", "INSERT b"), queue(background));
        assertTrue(background.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight));
        assertEquals(List.of(), background.syncContext().errors());

        background.table("TodoItem");
        PushResult later = await(background.syncContext().push());

        assertTrue(later.succeeded(), later.toString());
        assertEquals(2, later.completedOperations());
        assertEquals(List.of(), queue(background));
        assertEquals(2, requests().stream().filter(r -> "TodoItem".equals(r.table())).count(), "each sent once");
    }
}

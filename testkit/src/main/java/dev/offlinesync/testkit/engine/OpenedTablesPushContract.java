package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PushResult;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncException;
import dev.offlinesync.TableOperation;
import dev.offlinesync.spi.SyncContextDataSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The operations of a table a pushing client has not opened wait, queued: a table opened while its push runs has
 * those the walk passed over sent by the next push, and a table cannot be opened under another case of its name
 * (the store holds one table per name whatever its case), so its operations wait for a client that opens it.
 */
public interface OpenedTablesPushContract extends EngineFixture {

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

    private long writesTo(String table) {
        return requests().stream().filter(r -> !r.method().equals("GET") && table.equals(r.table())).count();
    }

    /** Checks that a table opened while a push runs has every operation sent once, by this push or the next. */
    @Test
    default void aTableOpenedWhileAPushRunsHasEachOfItsOperationsSentOnceByThisPushOrTheNext() {
        service().defineTable("OtherItem");
        SyncContextDataSource store = newStore();
        SyncClient app = newClient(store, null);
        app.table("OtherItem").insert(item("o1", "other", false));
        app.table("TodoItem").insert(item("a", "mine", false));
        app.table("OtherItem").insert(item("o2", "other", false));
        app.table("TodoItem").insert(item("b", "mine", false));
        app.table("OtherItem").insert(item("o3", "other", false));
        AtomicReference<SyncClient> self = new AtomicReference<>();
        SyncClient background = newClient(store, new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.itemId().equals("a")) {
                    self.get().table("OtherItem"); // opened while the push walks past its operations
                }
                return operation.execute();
            }
        });
        self.set(background);
        background.table("TodoItem");

        PushResult first = await(background.syncContext().push());
        assertTrue(first.succeeded(), first.toString());
        assertTrue(background.syncContext().pendingOperations().stream().noneMatch(PendingOperation::inFlight),
                "nothing left in flight: " + background.syncContext().pendingOperations());
        assertTrue(queue(background).contains("INSERT o1"), "o1, passed before the table was opened, waits");
        PushResult second = await(background.syncContext().push());

        assertTrue(second.succeeded(), second.toString());
        assertEquals(5, first.completedOperations() + second.completedOperations());
        assertEquals(List.of(), queue(background));
        assertEquals(3, writesTo("OtherItem"), "each sent once: " + requests());
        assertEquals(2, writesTo("TodoItem"));
    }

    /** Checks that a table cannot be opened under another case of its name, and its operations wait for one that is. */
    @Test
    default void aTableOpenedUnderAnotherCaseOfItsNameIsRefusedAndItsOperationsWait() {
        SyncContextDataSource store = newStore();
        SyncClient app = newClient(store, null);
        app.table("TodoItem").insert(item("a", "mine", false));
        SyncClient background = newClient(store, null);

        assertThrows(SyncException.class, () -> background.table("todoitem"));
        PushResult passed = await(background.syncContext().push());

        assertEquals(0, passed.completedOperations(), passed.toString());
        assertEquals(List.of(), requests(), "nothing sent for a table this client has not opened");
        assertEquals(List.of("INSERT a"), queue(background));
        PushResult pushed = await(app.syncContext().push());
        assertEquals(1, pushed.completedOperations());
        assertEquals("mine", serverItem("a").get("text").asText());
    }
}

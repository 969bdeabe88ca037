package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.Conflict;
import dev.offlinesync.ItemError;
import dev.offlinesync.OperationError;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.engine.AtomicityContract.FailingStoreHandle;
import dev.offlinesync.testkit.engine.TypedConflictContract.Todo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Resolving an operation's error never loses a change: each resolution commits whole or not at all, and a
 * resolution of an error read before a newer local edit of its item is refused instead of undoing the edit.
 */
public interface ErrorResolutionContract extends EngineFixture {

    /**
     * A client whose store (the store under test) can be made to fail.
     *
     * @param handle switches the store's failures on and off
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(FailingStoreHandle handle);

    /** {@return a new, empty store of the kind under test (for clients that share one)} */
    SyncContextDataSource newStore();

    /**
     * A client on a given store (several clients may share one, as processes sharing a database file do).
     *
     * @param store    the store
     * @param delegate the client's delegate, or {@code null} for the default
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(SyncContextDataSource store, SyncContextDelegate delegate);

    /** The typed resolutions of an error, by name, in a fixed order. */
    private static Map<String, Consumer<ItemError<Todo>>> resolutions() {
        Map<String, Consumer<ItemError<Todo>>> resolutions = new LinkedHashMap<>();
        resolutions.put("useClient", ItemError::useClient);
        resolutions.put("merge", error -> error.merge(new Todo("a", "merged", true)));
        resolutions.put("useServer", ItemError::useServer);
        resolutions.put("discard", ItemError::discard);
        return resolutions;
    }

    /** Item "a" was edited here ("mine, edited") and changed on the server ("theirs"): the push conflicts. */
    private SyncTable<Todo> conflictOn(SyncClient client) {
        SyncTable<Todo> todos = client.table("TodoItem", Todo.class);
        todos.insert(new Todo("a", "mine", false));
        await(client.syncContext().push());
        changedOnServer("a", "theirs");
        todos.update(new Todo("a", "mine, edited", false));
        pushFails(client);
        return todos;
    }

    /** Item "a" was edited here ("edited here") and deleted on the server: the push finds it gone. */
    private SyncTable<Todo> deletedOnServerWhileEditedOn(SyncClient client) {
        SyncTable<Todo> todos = client.table("TodoItem", Todo.class);
        todos.insert(new Todo("a", "mine", false));
        await(client.syncContext().push());
        service().deleteDirect("TodoItem", "a");
        todos.update(new Todo("a", "edited here", false));
        pushFails(client);
        return todos;
    }

    private static void pushFails(SyncClient client) {
        assertThrows(PushFailedException.class, () -> await(client.syncContext().push()));
    }

    private static ItemError<Todo> onlyError(SyncTable<Todo> todos, OperationError.Reason reason) {
        List<ItemError<Todo>> errors = todos.errors();
        assertEquals(1, errors.size(), "errors: " + errors);
        assertEquals(reason, errors.get(0).reason());
        return errors.get(0);
    }

    private static void assertRefusedAsStale(Runnable resolution, String name) {
        QueueRejectedException refused = assertThrows(QueueRejectedException.class, resolution::run, name);
        assertTrue(refused.getMessage().contains("changed locally after the error was read")
                && refused.getMessage().contains("read errors() again"), refused.getMessage());
    }

    /** Checks that a resolution whose commit fails leaves the error, the queue and the row as they were. */
    @Test
    default void aResolutionWhoseCommitFailsLeavesTheErrorTheQueueAndTheRowAsTheyWere() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<Todo> todos = conflictOn(failing);
        resolutions().forEach((name, resolution) -> {
            ItemError<Todo> error = onlyError(todos, OperationError.Reason.CONFLICT);
            handle.store.failNextCommit();
            assertThrows(StoreException.class, () -> resolution.accept(error), name);
            handle.heal();
            assertEquals(new Todo("a", "mine, edited", false), todos.lookup("a").orElseThrow(), name);
            assertEquals(List.of("UPDATE a"), queue(failing), name);
            assertEquals(new Todo("a", "mine, edited", false), onlyError(todos, OperationError.Reason.CONFLICT).client());
        });

        onlyError(todos, OperationError.Reason.CONFLICT).useClient();
        assertTrue(await(failing.syncContext().push()).succeeded());
        assertEquals("mine, edited", serverItem("a").get("text").asText());
    }

    /** Checks that a merge of an item deleted on the server is one transaction that brings the item back. */
    @Test
    default void aMergeOfAnItemDeletedOnTheServerIsOneTransactionThatBringsItBack() {
        FailingStoreHandle handle = new FailingStoreHandle();
        SyncClient failing = newClient(handle);
        SyncTable<Todo> todos = deletedOnServerWhileEditedOn(failing);
        resolutions().forEach((name, resolution) -> {
            ItemError<Todo> error = onlyError(todos, OperationError.Reason.DELETED_ON_SERVER);
            handle.store.failNextCommit();
            assertThrows(StoreException.class, () -> resolution.accept(error), name);
            handle.heal();
            assertEquals(new Todo("a", "edited here", false), todos.lookup("a").orElseThrow(), name);
            assertEquals(List.of("UPDATE a"), queue(failing), name);
        });

        ItemError<Todo> error = onlyError(todos, OperationError.Reason.DELETED_ON_SERVER);
        int before = handle.commits();
        error.merge(new Todo("a", "merged", true));
        assertEquals(1, handle.commits() - before, "the row, the queued operation and the error commit together");
        assertTrue(await(failing.syncContext().push()).succeeded());
        assertEquals("merged", serverItem("a").get("text").asText());
        assertFalse(serverItem("a").path("deleted").asBoolean(false), "brought back");
    }

    /** Checks that resolutions of a conflict read before a local edit are refused and the edit is what is sent. */
    @Test
    default void resolutionsOfAConflictReadBeforeALocalEditAreRefusedAndTheEditIsSent() {
        SyncTable<Todo> todos = conflictOn(client());
        ItemError<Todo> readBefore = onlyError(todos, OperationError.Reason.CONFLICT);
        todos.update(new Todo("a", "newer", true));
        assertEquals(List.of(), todos.errors(), "the edit supersedes the error");
        assertEquals(List.of(), client().syncContext().errors());

        resolutions().forEach((name, resolution) -> assertRefusedAsStale(() -> resolution.accept(readBefore), name));
        assertRefusedAsStale(() -> readBefore.error().keepAndRetry(readBefore.error().clientItem()), "keepAndRetry");
        assertEquals(new Todo("a", "newer", true), todos.lookup("a").orElseThrow());
        assertEquals(List.of("UPDATE a"), queue());

        pushFails(client()); // the newer edit is based on the version before "theirs": a conflict again
        ItemError<Todo> current = onlyError(todos, OperationError.Reason.CONFLICT);
        assertEquals(new Todo("a", "newer", true), current.client(), "the push sent the newer edit");
        current.useClient();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("newer", serverItem("a").get("text").asText());
    }

    /** Checks that a discard of an error read before a local edit does not drop the edit. */
    @Test
    default void aDiscardOfAnErrorReadBeforeALocalEditDoesNotDropTheEdit() {
        SyncTable<Todo> todos = client().table("TodoItem", Todo.class);
        service().intercept(r -> r.body() != null && r.body().contains("invalid") ? FakeResponse.error(400, "no") : null);
        todos.insert(new Todo("a", "invalid", false));
        pushFails(client());
        ItemError<Todo> readBefore = onlyError(todos, OperationError.Reason.REJECTED);
        todos.update(new Todo("a", "fixed", false));

        assertRefusedAsStale(readBefore::discard, "discard");
        assertRefusedAsStale(() -> readBefore.error().cancelAndDiscard(), "cancelAndDiscard");
        assertEquals(new Todo("a", "fixed", false), todos.lookup("a").orElseThrow());
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("fixed", serverItem("a").get("text").asText());
    }

    /** Checks that resolutions of a deletion on the server read before a local edit are refused. */
    @Test
    default void resolutionsOfADeletionOnTheServerReadBeforeALocalEditAreRefused() {
        SyncTable<Todo> todos = deletedOnServerWhileEditedOn(client());
        ItemError<Todo> readBefore = onlyError(todos, OperationError.Reason.DELETED_ON_SERVER);
        todos.update(new Todo("a", "newer", true));

        resolutions().forEach((name, resolution) -> assertRefusedAsStale(() -> resolution.accept(readBefore), name));
        OperationError untyped = readBefore.error();
        assertRefusedAsStale(untyped::acceptServerDeletion, "acceptServerDeletion");
        assertRefusedAsStale(untyped::recreate, "recreate");
        assertRefusedAsStale(() -> untyped.recreate(item("a", "old", false)), "recreate(item)");
        assertEquals(new Todo("a", "newer", true), todos.lookup("a").orElseThrow());

        pushFails(client());
        ItemError<Todo> current = onlyError(todos, OperationError.Reason.DELETED_ON_SERVER);
        assertEquals(new Todo("a", "newer", true), current.client());
        current.useClient();
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("newer", serverItem("a").get("text").asText());
    }

    /** Checks that an error read by one client is refused after another client sharing the store edited the item. */
    @Test
    default void anErrorReadByOneClientIsRefusedAfterAnotherClientSharingTheStoreEditedTheItem() {
        SyncContextDataSource shared = newStore();
        SyncClient one = newClient(shared, null);
        ItemError<Todo> readByOne = onlyError(conflictOn(one), OperationError.Reason.CONFLICT);
        SyncTable<Todo> onTwo = newClient(shared, null).table("TodoItem", Todo.class);
        onTwo.update(new Todo("a", "edited by the other client", false));

        resolutions().forEach((name, resolution) -> assertRefusedAsStale(() -> resolution.accept(readByOne), name));
        assertEquals(new Todo("a", "edited by the other client", false),
                one.table("TodoItem", Todo.class).lookup("a").orElseThrow());
        assertEquals(List.of(), one.table("TodoItem", Todo.class).errors());
    }

    /** Checks that an error the operation got again since it was read is refused: only the newer one resolves. */
    @Test
    default void anErrorRecordedAgainSinceItWasReadIsRefused() {
        SyncTable<Todo> todos = client().table("TodoItem", Todo.class);
        todos.onConflict(Conflict::cancel); // the operation is not paused: the next push meets the conflict again
        todos.insert(new Todo("a", "mine", false));
        await(client().syncContext().push());
        changedOnServer("a", "theirs");
        todos.update(new Todo("a", "mine, edited", false));
        pushFails(client());
        ItemError<Todo> readBefore = onlyError(todos, OperationError.Reason.CONFLICT);
        changedOnServer("a", "theirs, later");
        pushFails(client());

        assertThrows(QueueRejectedException.class, readBefore::useServer, "it would take the older server item");
        assertEquals(new Todo("a", "mine, edited", false), todos.lookup("a").orElseThrow());
        ItemError<Todo> current = onlyError(todos, OperationError.Reason.CONFLICT);
        assertEquals(new Todo("a", "theirs, later", false), current.server());
        current.useServer();
        assertEquals(new Todo("a", "theirs, later", false), todos.lookup("a").orElseThrow());
    }

    /** Checks that an error stored before errors carried a token of their own can still be resolved. */
    @Test
    default void anErrorStoredWithoutATokenCanStillBeResolved() {
        SyncContextDataSource store = newStore();
        SyncClient older = newClient(store, null);
        SyncTable<Todo> todos = conflictOn(older);
        store.transaction(ops -> {
            Map<String, Object> row = new HashMap<>(ops.lookup("MS_TableOperationErrors",
                    older.syncContext().errors().get(0).operationId()).orElseThrow());
            row.put("token", null);
            ops.upsert("MS_TableOperationErrors", List.of(row));
            return null;
        });
        onlyError(todos, OperationError.Reason.CONFLICT).useServer();
        assertEquals(new Todo("a", "theirs", false), todos.lookup("a").orElseThrow());
        assertEquals(List.of(), queue(older));
    }

    /** Checks that an error can be resolved once: a second resolution of the same error is refused. */
    @Test
    default void anErrorIsResolvedOnceAndASecondResolutionIsRefused() {
        SyncTable<Todo> todos = conflictOn(client());
        ItemError<Todo> error = onlyError(todos, OperationError.Reason.CONFLICT);
        error.merge(new Todo("a", "merged", true));
        assertThrows(QueueRejectedException.class, error::discard, "the merged item stays");
        assertEquals(new Todo("a", "merged", true), todos.lookup("a").orElseThrow());
        assertTrue(await(client().syncContext().push()).succeeded());
        assertEquals("merged", serverItem("a").get("text").asText());
    }
}

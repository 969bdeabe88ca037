package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Conflict;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.ItemError;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two devices edit the same item of a typed table; the second to push resolves the conflict with the typed
 * answers, during the push ({@link SyncTable#onConflict}) or afterwards ({@link SyncTable#errors()}). No test
 * here reads or writes a version.
 */
public interface TypedConflictContract extends EngineFixture {

    /**
     * A client of the store under test, configured further by the test.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** The walkthrough's item, without system columns. */
    record Todo(String id, String text, boolean complete) {
        Todo withText(String value) {
            return new Todo(id, value, complete);
        }
    }

    /** Two devices that both have item "a". */
    final class Devices {
        final SyncClient phone;
        final SyncClient laptop;
        final SyncTable<Todo> onPhone;
        final SyncTable<Todo> onLaptop;

        Devices(SyncClient phone, SyncClient laptop) {
            this.phone = phone;
            this.laptop = laptop;
            this.onPhone = phone.table("TodoItem", Todo.class);
            this.onLaptop = laptop.table("TodoItem", Todo.class);
        }

        /** The phone pushes its edit of "a" first; the laptop edits "a" too (its push will conflict). */
        void bothEdit(String phoneText, String laptopText) {
            onPhone.update(new Todo("a", phoneText, false));
            await(phone.syncContext().push());
            onLaptop.update(new Todo("a", laptopText, false));
        }

        PushResult laptopPushFails() {
            return assertThrows(PushFailedException.class, () -> await(laptop.syncContext().push())).result();
        }
    }

    private Devices devices() {
        Devices devices = new Devices(newClient(b -> b), newClient(b -> b));
        devices.onLaptop.insert(new Todo("a", "written on the laptop", false));
        await(devices.laptop.syncContext().push());
        await(devices.onPhone.pull(Query.all(), "all"));
        return devices;
    }

    private String onServer(String id) {
        return service().item("TodoItem", id).orElseThrow().get("text").asText();
    }

    /** Checks that a conflict handler sees both items typed and use client makes this devices values win. */
    @Test
    default void aConflictHandlerSeesBothItemsTypedAndUseClientMakesThisDevicesValuesWin() {
        Devices d = devices();
        List<Conflict<Todo>> seen = new CopyOnWriteArrayList<>();
        d.onLaptop.onConflict(conflict -> {
            seen.add(conflict);
            return conflict.useClient();
        });
        d.bothEdit("phone", "laptop");
        await(d.laptop.syncContext().push());

        Conflict<Todo> conflict = seen.get(0);
        assertEquals(new Todo("a", "laptop", false), conflict.client());
        assertEquals(new Todo("a", "phone", false), conflict.server());
        assertEquals(OperationKind.UPDATE, conflict.kind());
        assertEquals(1, conflict.attempt());
        assertEquals("laptop", onServer("a"));
        assertEquals("laptop", d.onLaptop.lookup("a").orElseThrow().text());
        assertEquals(0, d.laptop.syncContext().pendingOperationCount());
    }

    /** Checks that use server makes the local item the servers. */
    @Test
    default void useServerMakesTheLocalItemTheServers() {
        Devices d = devices();
        d.onLaptop.onConflict(Conflict::useServer);
        d.bothEdit("phone", "laptop");
        await(d.laptop.syncContext().push());
        assertEquals("phone", onServer("a"));
        assertEquals("phone", d.onLaptop.lookup("a").orElseThrow().text());
        assertEquals(0, d.laptop.syncContext().pendingOperationCount());
    }

    /** Checks that cancel stops the push and keeps the change queued. */
    @Test
    default void cancelStopsThePushAndKeepsTheChangeQueued() {
        Devices d = devices();
        d.onLaptop.onConflict(Conflict::cancel);
        d.bothEdit("phone", "laptop");
        assertEquals(PushResult.AbortReason.CANCELLED, d.laptopPushFails().abortReason());
        assertEquals(List.of("UPDATE a"), queue(d.laptop));
        assertEquals("laptop", d.onLaptop.lookup("a").orElseThrow().text());
        assertEquals("phone", onServer("a"));
    }

    /** Checks that a merged item is sent and becomes the local item. */
    @Test
    default void aMergedItemIsSentAndBecomesTheLocalItem() {
        Devices d = devices();
        d.onLaptop.onConflict(c -> c.merge(c.server().withText(c.server().text() + " + " + c.client().text())));
        d.bothEdit("phone", "laptop");
        await(d.laptop.syncContext().push());
        assertEquals("phone + laptop", onServer("a"));
        assertEquals("phone + laptop", d.onLaptop.lookup("a").orElseThrow().text());
    }

    /** Checks that the handler is asked again when another device changes the item meanwhile. */
    @Test
    default void theHandlerIsAskedAgainWhenAnotherDeviceChangesTheItemMeanwhile() {
        Devices d = devices();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        d.onLaptop.onConflict(conflict -> {
            attempts.add(conflict.attempt());
            if (conflict.attempt() == 1) {
                changedOnServer("a", "a third device, meanwhile");
                return conflict.useClient();
            }
            return conflict.useServer();
        });
        d.bothEdit("phone", "laptop");
        await(d.laptop.syncContext().push());
        assertEquals(List.of(1, 2), attempts);
        assertEquals("a third device, meanwhile", d.onLaptop.lookup("a").orElseThrow().text());
    }

    /** Checks that a conflicting delete can keep the servers item but cannot be merged. */
    @Test
    default void aConflictingDeleteCanKeepTheServersItemButCannotBeMerged() {
        Devices d = devices();
        List<String> refusals = new CopyOnWriteArrayList<>();
        d.onLaptop.onConflict(conflict -> {
            refusals.add(assertThrows(InvalidItemException.class, () -> conflict.merge(conflict.client())).getMessage());
            return conflict.useServer();
        });
        d.onPhone.update(new Todo("a", "phone", false));
        await(d.phone.syncContext().push());
        d.onLaptop.deleteById("a");
        await(d.laptop.syncContext().push());
        assertEquals("phone", d.onLaptop.lookup("a").orElseThrow().text(), "the server's item is back here");
        assertFalse(service().item("TodoItem", "a").orElseThrow().path("deleted").asBoolean(false));
        assertTrue(refusals.get(0).contains("useClient()"), refusals.get(0));
    }

    /** Checks that a handler that throws leaves the conflict, with the server's item, as the operation's error. */
    @Test
    default void aHandlerThatThrowsLeavesTheConflictResolvableFromErrors() {
        Devices d = devices();
        d.onLaptop.onConflict(conflict -> {
            throw new IllegalStateException("a bug in the handler");
        });
        conflictError(d).useServer();
        assertEquals("phone", d.onLaptop.lookup("a").orElseThrow().text());
        assertEquals(List.of(), queue(d.laptop));
    }

    private ItemError<Todo> conflictError(Devices d) {
        d.bothEdit("phone", "laptop");
        d.laptopPushFails();
        List<ItemError<Todo>> errors = d.onLaptop.errors();
        assertEquals(1, errors.size());
        ItemError<Todo> error = errors.get(0);
        assertEquals(OperationError.Reason.CONFLICT, error.reason());
        assertEquals(new Todo("a", "laptop", false), error.client());
        assertEquals(new Todo("a", "phone", false), error.server());
        return error;
    }

    /** Checks that an errors use client sends this devices item again on the servers version. */
    @Test
    default void anErrorsUseClientSendsThisDevicesItemAgainOnTheServersVersion() {
        Devices d = devices();
        conflictError(d).useClient();
        assertEquals(List.of(), d.onLaptop.errors());
        await(d.laptop.syncContext().push());
        assertEquals("laptop", onServer("a"));
    }

    /** Checks that an errors use server takes the servers item. */
    @Test
    default void anErrorsUseServerTakesTheServersItem() {
        Devices d = devices();
        conflictError(d).useServer();
        assertEquals("phone", d.onLaptop.lookup("a").orElseThrow().text());
        assertEquals(List.of(), queue(d.laptop));
    }

    /** Checks that an errors merge sends the merged item. */
    @Test
    default void anErrorsMergeSendsTheMergedItem() {
        Devices d = devices();
        ItemError<Todo> error = conflictError(d);
        error.merge(new Todo("a", "merged", true));
        assertEquals(new Todo("a", "merged", true), d.onLaptop.lookup("a").orElseThrow());
        await(d.laptop.syncContext().push());
        ObjectNode server = service().item("TodoItem", "a").orElseThrow();
        assertEquals("merged", server.get("text").asText());
        assertTrue(server.get("complete").asBoolean());
    }

    /** Checks that an item deleted on the server comes back with use client or goes with use server. */
    @Test
    default void anItemDeletedOnTheServerComesBackWithUseClientOrGoesWithUseServer() {
        Devices d = devices();
        d.onPhone.deleteById("a");
        await(d.phone.syncContext().push());
        d.onLaptop.update(new Todo("a", "laptop", false));
        d.laptopPushFails();
        ItemError<Todo> error = d.onLaptop.errors().get(0);
        assertEquals(OperationError.Reason.DELETED_ON_SERVER, error.reason());
        assertNull(error.server());
        error.useClient();
        await(d.laptop.syncContext().push());
        assertEquals("laptop", onServer("a"));
        assertFalse(service().item("TodoItem", "a").orElseThrow().path("deleted").asBoolean(false));

        await(d.onPhone.pull(Query.all(), "all"));
        d.onPhone.deleteById("a");
        await(d.phone.syncContext().push());
        d.onLaptop.update(new Todo("a", "laptop, again", false));
        d.laptopPushFails();
        d.onLaptop.errors().get(0).useServer();
        assertTrue(d.onLaptop.lookup("a").isEmpty());
        assertEquals(List.of(), queue(d.laptop));
    }

    /** Checks that a merged item brings back an item deleted on the server and discard lets it go. */
    @Test
    default void aMergedItemBringsBackAnItemDeletedOnTheServerAndDiscardLetsItGo() {
        Devices d = devices();
        d.onPhone.deleteById("a");
        await(d.phone.syncContext().push());
        d.onLaptop.update(new Todo("a", "laptop", false));
        d.laptopPushFails();
        d.onLaptop.errors().get(0).merge(new Todo("a", "merged after the delete", true));
        await(d.laptop.syncContext().push());
        ObjectNode server = service().item("TodoItem", "a").orElseThrow();
        assertEquals("merged after the delete", server.get("text").asText());
        assertFalse(server.path("deleted").asBoolean(false));

        d.onLaptop.insert(new Todo("b", "refused", false));
        service().intercept(r -> r.body().contains("refused") ? FakeResponse.error(400, "no") : null);
        d.laptopPushFails();
        ItemError<Todo> rejected = d.onLaptop.errors().get(0);
        assertEquals(OperationError.Reason.REJECTED, rejected.reason());
        assertThrows(InvalidItemException.class, rejected::useServer, "the server sent no item to take");
        rejected.discard();
        assertTrue(d.onLaptop.lookup("b").isEmpty());
        assertEquals(List.of(), queue(d.laptop));
    }
}

package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.awaitFailure;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.OperationKind;
import dev.offlinesync.PendingOperation;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import dev.offlinesync.SyncTable;
import dev.offlinesync.TableOperation;
import dev.offlinesync.compat.FaultProxy.Fault;
import org.junit.jupiter.api.Test;

/**
 * One item the server keeps failing on must not hold back the others: it is parked with an
 * {@link OperationError}, the push goes on, and the user can retry it at once or discard it. A server
 * that fails on every item is an outage instead: the push stops with the queue as it was. A pull leaves rows
 * with unresolved errors alone and never fails because of them.
 */
class ParkedItemsTest extends FaultScenarioTest {

    ParkedItemsTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void poisonItemDoesNotHoldBackGoodInserts() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        todos.insert(todo("bad", "has a priority", false).put("priority", 3)); // no such column: 500 every time
        List<String> good = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            good.add("good-" + i);
            todos.insert(todo("good-" + i, "item " + i, false));
        }

        PushResult push = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(12, push.completedOperations(), "abort: " + push.abortReason() + " " + push.abortCause());
        assertEquals(good.stream().sorted().toList(), List.copyOf(ServerRows.liveTodos(server).keySet()));
        OperationError error = phone.syncContext().errors().stream().findFirst().orElseThrow(
                () -> new AssertionError("the poison item has no OperationError"));
        assertEquals("bad", error.itemId());
        assertEquals(500, error.status());
        assertTrue(error.message().contains("500"), error.message());

        error.cancelAndDiscard();

        assertEquals(0, phone.syncContext().pendingOperationCount());
        assertEquals(List.of(), phone.syncContext().errors());
        assertTrue(todos.lookup("bad").isEmpty());
    }

    @Test
    void itemTheServerFailsOnWhileAnsweringOthersIsParkedAndCanBeRetried() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        for (String id : List.of("stuck", "a", "b", "c")) {
            todos.insert(todo(id, "first " + id, false));
        }
        await(phone.syncContext().push());
        for (String id : List.of("stuck", "a", "b", "c")) {
            todos.update(todo(id, "second " + id, true));
        }
        proxy.inject("PATCH /tables/TodoItem/stuck", Fault.SERVER_ERROR, 1_000);

        PushResult push = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(3, push.completedOperations(), "abort: " + push.abortReason() + " " + push.abortCause());
        assertEquals(List.of("stuck"), phone.syncContext().errors().stream().map(OperationError::itemId).toList());
        assertEquals("first stuck|false|1", ServerRows.liveTodos(server).get("stuck"));

        proxy.heal();
        OperationError parked = phone.syncContext().errors().get(0);
        parked.keepAndRetry(todos.lookup("stuck").orElseThrow()); // the user's "try again now"
        PushResult retried = await(phone.syncContext().push());

        assertEquals(1, retried.completedOperations());
        assertEquals("second stuck|true|2", ServerRows.liveTodos(server).get("stuck"));
        assertEquals(List.of(), phone.syncContext().errors());
        assertEquals(0, phone.syncContext().pendingOperationCount());
    }

    @Test
    void serverErrorsOnEveryRequestAreAnOutageThatKeepsTheQueue() {
        assertAnOutageKeepsTheQueue("", "the server fails everything, reads too");
    }

    @Test
    void serverErrorsOnConsecutiveDifferentItemsAreAnOutageEvenWhileReadsSucceed() {
        assertAnOutageKeepsTheQueue("PATCH /tables/TodoItem/", "writes fail on every item; reads still work");
    }

    /** Three edits of three items; every request starting with {@code failing} gets a 503. */
    private void assertAnOutageKeepsTheQueue(String failing, String what) {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> todos = phone.table("TodoItem");
        for (String id : List.of("a", "b", "c")) {
            todos.insert(todo(id, "first " + id, false));
        }
        await(phone.syncContext().push());
        for (String id : List.of("a", "b", "c")) {
            todos.update(todo(id, "second " + id, true));
        }
        List<PendingOperation> queued = phone.syncContext().pendingOperations();
        proxy.inject(failing, Fault.SERVER_ERROR, 1_000);

        PushResult push = awaitFailure(PushFailedException.class, phone.syncContext().push()).result();

        assertEquals(PushResult.AbortReason.SERVER, push.abortReason(), what + "; errors: " + push.errors());
        assertEquals(0, push.completedOperations());
        assertEquals(queued, phone.syncContext().pendingOperations(), "same operations, same order, none in flight");
        assertEquals(List.of(), phone.syncContext().errors(), "an outage is not an error of an item");

        proxy.heal();
        assertEquals(3, await(phone.syncContext().push()).completedOperations());
    }

    @Test
    void pullGoesOnWhileAnotherTableHasAConflict() {
        Conflicted conflicted = tabletWithAConflictOnMilk();
        for (String id : List.of("t1", "t2")) {
            ObjectNode typed = JsonNodeFactory.instance.objectNode().put("id", id).put("title", "typed " + id);
            assertEquals(201, rest.insert("TypedItem", typed).status());
        }

        PullResult pull = await(conflicted.tablet.table("TypedItem").pull(Query.all(), null));

        assertEquals(2, pull.upserted());
        assertEquals(1, conflicted.tablet.syncContext().errors().size(), "the conflict is still there to resolve");
    }

    @Test
    void pullLeavesARowWithAnUnresolvedConflictAlone() {
        Conflicted conflicted = tabletWithAConflictOnMilk();
        assertEquals(201, rest.insert("TodoItem", todo("eggs", "buy eggs", false)).status());

        PullResult pull = await(conflicted.tabletTodos.pull(Query.all(), null));

        assertTrue(pull.upserted() >= 1, "eggs arrived: " + pull);
        assertEquals("buy eggs", conflicted.tabletTodos.lookup("eggs").orElseThrow().get("text").asText());
        assertEquals("buy MILK", conflicted.tabletTodos.lookup("milk").orElseThrow().get("text").asText(),
                "the tablet's unpushed edit is kept");
        assertEquals(1, conflicted.tablet.syncContext().errors().size());
        assertEquals(1, conflicted.tablet.syncContext().pendingOperationCount());
    }

    @Test
    void errorsListOnlyOperationsThatAreStillQueued() {
        SyncClient phone = deviceBehindProxy();
        phone.table("TodoItem").insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        SyncClient tablet = deviceBehindProxy();
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");
        tabletTodos.insert(todo("milk", "buy MILK", true));
        assertEquals(List.of(409), awaitFailure(PushFailedException.class, tablet.syncContext().push()).result()
                .errors().stream().map(OperationError::status).toList());

        tabletTodos.deleteById("milk"); // the user gives up on the rejected insert

        assertEveryErrorHasItsOperation(tablet);
    }

    @Test
    void errorOfAnEditFollowedByADeleteStillHasItsOperation() {
        Conflicted conflicted = tabletWithAConflictOnMilk();

        conflicted.tabletTodos.deleteById("milk");

        assertEveryErrorHasItsOperation(conflicted.tablet);
    }

    @Test
    void errorOfAnEditFollowedByAnotherEditStillHasItsOperation() {
        Conflicted conflicted = tabletWithAConflictOnMilk();

        conflicted.tabletTodos.update(todo("milk", "buy MILK now", true));

        assertEveryErrorHasItsOperation(conflicted.tablet);
    }

    @Test
    void errorOfAnEditWhoseItemWasDeletedDuringThePushStillHasItsOperation() {
        SyncClient phone = deviceBehindProxy();
        SyncTable<ObjectNode> phoneTodos = phone.table("TodoItem");
        phoneTodos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        AtomicReference<SyncTable<ObjectNode>> tabletTodos = new AtomicReference<>();
        SyncClient tablet = deviceBehindProxy(new SyncContextDelegate() {
            @Override
            public ObjectNode onOperation(TableOperation operation) {
                if (operation.kind() == OperationKind.UPDATE) {
                    tabletTodos.get().deleteById("milk"); // the user deletes it while its edit is being pushed
                }
                return operation.execute();
            }
        });
        tabletTodos.set(tablet.table("TodoItem"));
        await(tabletTodos.get().pull(Query.all(), null));
        phoneTodos.update(todo("milk", "buy oat milk", false));
        await(phone.syncContext().push());
        tabletTodos.get().update(todo("milk", "buy MILK", true));

        PushResult first = awaitFailure(PushFailedException.class, tablet.syncContext().push()).result();
        assertEquals(List.of(412), first.errors().stream().map(OperationError::status).toList());
        try {
            await(tablet.syncContext().push());
        } catch (PushFailedException e) {
            // the delete's own outcome is not what this test is about
        }

        assertEveryErrorHasItsOperation(tablet);
    }

    private static void assertEveryErrorHasItsOperation(SyncClient device) {
        List<String> queued = device.syncContext().pendingOperations().stream().map(PendingOperation::id).toList();
        for (OperationError error : device.syncContext().errors()) {
            assertTrue(queued.contains(error.operationId()), "listed, but its operation is gone, so it cannot be"
                    + " resolved: " + error + "; queued: " + device.syncContext().pendingOperations());
        }
    }

    private record Conflicted(SyncClient tablet, SyncTable<ObjectNode> tabletTodos) {
    }

    /** The phone's edit of milk is on the server; the tablet's edit of the older milk was rejected (412). */
    private Conflicted tabletWithAConflictOnMilk() {
        SyncClient phone = deviceBehindProxy();
        SyncClient tablet = deviceBehindProxy();
        SyncTable<ObjectNode> phoneTodos = phone.table("TodoItem");
        SyncTable<ObjectNode> tabletTodos = tablet.table("TodoItem");
        phoneTodos.insert(todo("milk", "buy milk", false));
        await(phone.syncContext().push());
        await(tabletTodos.pull(Query.all(), null));
        phoneTodos.update(todo("milk", "buy oat milk", false));
        await(phone.syncContext().push());
        tabletTodos.update(todo("milk", "buy MILK", true));
        PushResult rejected = awaitFailure(PushFailedException.class, tablet.syncContext().push()).result();
        assertEquals(List.of(412), rejected.errors().stream().map(OperationError::status).toList());
        return new Conflicted(tablet, tabletTodos);
    }
}

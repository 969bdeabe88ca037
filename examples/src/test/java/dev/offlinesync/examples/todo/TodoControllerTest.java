package dev.offlinesync.examples.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.examples.todo.ConflictResolver.Conflict;
import dev.offlinesync.examples.todo.ConflictResolver.Resolution;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.FakeTableService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app's logic without Swing: the same controller the window uses, with a scripted conflict resolver. */
class TodoControllerTest {

    private FakeTableService service;
    private TodoController controller;
    private final List<Conflict> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        service = FakeTableService.start().defineTable(TodoController.TABLE);
        controller = new TodoController(service.uri(), null, new MemoryStore(), Runnable::run,
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        controller.close();
        service.close();
    }

    @Test
    void addEditAndRefreshShowOpenItemsByTextAndTheStatus() {
        controller.add("walk dog");
        TodoItem milk = controller.add("  buy milk ");
        assertEquals("buy milk", milk.text());
        assertEquals("2 pending · last sync never", controller.statusText());
        controller.save(milk.withText("buy oat milk"));
        assertEquals(List.of("buy oat milk", "walk dog"), texts());
        assertEquals(2, controller.pendingCount(), "the edit collapses into the queued insert");

        assertTrue(controller.refresh().join());
        assertTrue(controller.statusText().matches("0 pending · last sync \\d\\d:\\d\\d:\\d\\d"),
                controller.statusText());
        assertEquals(List.of("buy oat milk", "walk dog"), serverTexts());

        controller.save(controller.openItems().get(1).withComplete(true));
        assertEquals(List.of("buy oat milk"), texts(), "complete items leave the list");
        assertTrue(controller.refresh().join());
        assertTrue(serverItem("walk dog").get("complete").asBoolean());
        assertThrows(IllegalArgumentException.class, () -> controller.add("   "));

        controller.delete(controller.openItems().get(0).id());
        assertEquals(List.of(), texts());
        assertEquals(1, controller.pendingCount());
        assertTrue(controller.refresh().join());
        assertTrue(serverItem("buy oat milk").get("deleted").asBoolean(), "soft-deleted on the server");
    }

    @Test
    void useClientIsAskedAgainWhileTheServerKeepsRejecting() {
        TodoItem item = synced("call mom");
        controller.setConflictResolver(conflict -> {
            asked.add(conflict);
            if (conflict.attempt() == 1) {
                service.updateDirect(TodoController.TABLE, item.id(), text("call mom (tablet, again)"));
            }
            return Resolution.USE_CLIENT;
        });
        service.updateDirect(TodoController.TABLE, item.id(), text("call mom (tablet)"));
        controller.save(item.withText("call mom (laptop)"));

        assertTrue(controller.refresh().join());
        assertEquals(2, asked.size());
        assertEquals("call mom (laptop)", asked.get(0).mine().text());
        assertEquals("call mom (tablet)", asked.get(0).server().text());
        assertEquals("call mom (tablet, again)", asked.get(1).server().text());
        assertEquals(2, asked.get(1).attempt());
        assertEquals(List.of("call mom (laptop)"), serverTexts());
        assertEquals(List.of("call mom (laptop)"), texts());
        assertEquals(0, controller.pendingCount());
    }

    @Test
    void useServerTakesTheServersItem() {
        TodoItem item = synced("buy bread");
        controller.setConflictResolver(conflict -> Resolution.USE_SERVER);
        service.updateDirect(TodoController.TABLE, item.id(), text("buy rye bread"));
        controller.save(item.withText("buy white bread"));

        assertTrue(controller.refresh().join());
        assertEquals(List.of("buy rye bread"), texts());
        assertEquals(List.of("buy rye bread"), serverTexts());
        assertEquals(0, controller.pendingCount());
    }

    @Test
    void cancelKeepsTheChangeQueuedAndAsksAgainAtTheNextRefresh() {
        TodoItem item = synced("water plants");
        controller.setConflictResolver(conflict -> {
            asked.add(conflict);
            return Resolution.CANCEL;
        });
        service.updateDirect(TodoController.TABLE, item.id(), text("water plants (tablet)"));
        controller.save(item.withText("water plants (laptop)"));

        assertFalse(controller.refresh().join());
        assertTrue(controller.statusText().startsWith("Sync cancelled: changes kept (1 pending) · last sync "),
                controller.statusText());
        assertEquals(List.of("water plants (laptop)"), texts());
        assertEquals(List.of("water plants (tablet)"), serverTexts());

        controller.setConflictResolver(conflict -> {
            asked.add(conflict);
            return Resolution.USE_SERVER;
        });
        assertTrue(controller.refresh().join());
        assertEquals(2, asked.size());
        assertEquals(List.of("water plants (tablet)"), texts());
    }

    @Test
    void serverDownKeepsChangesAndSyncsWhenItIsBack() {
        synced("first");
        service.intercept(request -> FakeResponse.disconnect());
        controller.add("offline one");
        controller.add("offline two");

        assertFalse(controller.refresh().join());
        assertTrue(controller.statusText().startsWith("Server unreachable: changes kept (2 pending) · last sync "),
                controller.statusText());
        assertEquals(List.of("first", "offline one", "offline two"), texts());

        controller.add("offline three");
        assertTrue(controller.statusText().startsWith("Server unreachable: changes kept (3 pending)"),
                controller.statusText());
        service.intercept(null);
        assertTrue(controller.refresh().join());
        assertTrue(controller.statusText().startsWith("0 pending · last sync "), controller.statusText());
        assertEquals(List.of("first", "offline one", "offline three", "offline two"), serverTexts());
    }

    @Test
    void settingsComeFromArgumentsBeforeTheEnvironment() {
        Map<String, String> env = Map.of("OFFLINESYNC_URL", "http://env.example/", "OFFLINESYNC_TOKEN", "t1");
        TodoApp.Settings fromEnv = TodoApp.Settings.parse(new String[0], env);
        assertEquals(URI.create("http://env.example/"), fromEnv.url());
        assertEquals("t1", fromEnv.token());
        TodoApp.Settings fromArgs = TodoApp.Settings.parse(
                new String[] {"--url", "https://args.example/", "--token", "t2"}, env);
        assertEquals(URI.create("https://args.example/"), fromArgs.url());
        assertEquals("t2", fromArgs.token());
        TodoApp.Settings none = TodoApp.Settings.parse(new String[0], Map.of());
        assertNull(none.url(), "no URL: the in-process service");
        assertThrows(IllegalArgumentException.class, () -> TodoApp.Settings.parse(new String[] {"--url"}, env));
        assertThrows(IllegalArgumentException.class,
                () -> TodoApp.Settings.parse(new String[] {"--url", "ftp://x/"}, env));
        assertThrows(IllegalArgumentException.class, () -> TodoApp.Settings.parse(new String[] {"--bogus"}, env));
    }

    @Test
    void theDialectAndApplicationKeyComeFromArgumentsOrTheEnvironment() {
        assertEquals(ProtocolDialect.MOBILE_APPS, TodoApp.Settings.parse(new String[0], Map.of()).dialect());
        TodoApp.Settings fromEnv = TodoApp.Settings.parse(new String[0],
                Map.of("OFFLINESYNC_DIALECT", "mobile_services", "OFFLINESYNC_APP_KEY", "k1"));
        assertEquals(ProtocolDialect.MOBILE_SERVICES, fromEnv.dialect());
        assertEquals("k1", fromEnv.applicationKey());
        TodoApp.Settings fromArgs = TodoApp.Settings.parse(new String[] {"--dialect", "DATASYNC"}, Map.of());
        assertEquals(ProtocolDialect.DATASYNC, fromArgs.dialect());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TodoApp.Settings.parse(new String[] {"--dialect", "odata"}, Map.of()));
        assertTrue(unknown.getMessage().contains("DATASYNC"), unknown.getMessage());
    }

    @Test
    void theControllerSyncsWithADatasyncService() {
        try (FakeTableService datasync = FakeTableService.start(ProtocolDialect.DATASYNC)
                .defineTable(TodoController.TABLE);
             TodoController onDatasync = new TodoController(datasync.uri(), ProtocolDialect.DATASYNC, null, null,
                     new MemoryStore(), Runnable::run, Clock.systemUTC())) {
            onDatasync.add("over Datasync");
            assertTrue(onDatasync.refresh().join());
            assertEquals(1, datasync.items(TodoController.TABLE, false).size());
        }
    }

    @Test
    void itemsAndUnsentChangesSurviveARestartInTheStoreFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TodoApp.Settings settings = TodoApp.Settings.parse(
                new String[] {"--url", service.uri().toString(), "--store", dir.resolve("todo.db").toString()}, Map.of());
        try (TodoController first = new TodoController(service.uri(), null, TodoApp.openStore(settings, false),
                Runnable::run, Clock.systemUTC())) {
            first.add("written offline");
            assertEquals(1, first.pendingCount());
        }
        try (TodoController again = new TodoController(service.uri(), null, TodoApp.openStore(settings, false),
                Runnable::run, Clock.systemUTC())) {
            assertEquals(List.of("written offline"), again.openItems().stream().map(TodoItem::text).toList());
            assertEquals(1, again.pendingCount(), "the queued insert is still there");
            assertTrue(again.refresh().join());
            assertEquals(List.of("written offline"), serverTexts());
        }
    }

    @Test
    void theStoreFileComesFromArgumentsOrTheEnvironment() {
        Path folder = TodoApp.userDataFolder();
        assertTrue(folder.isAbsolute(), folder.toString());
        TodoApp.Settings settings = TodoApp.Settings.parse(new String[] {"--store", "x.db"}, Map.of());
        assertEquals(Path.of("x.db"), settings.store());
        assertEquals(Path.of("/tmp/env.db"),
                TodoApp.Settings.parse(new String[0], Map.of("OFFLINESYNC_STORE", "/tmp/env.db")).store());
    }

    @Test
    void itemsWithUnsentChangesAreMarkedUntilARefreshSendsThem() {
        TodoItem sent = synced("already on the server");
        TodoItem added = controller.add("added offline");
        assertEquals(java.util.Set.of(added.id()), controller.unsentIds());
        controller.save(sent.withText("edited offline"));
        assertEquals(java.util.Set.of(added.id(), sent.id()), controller.unsentIds());
        assertTrue(controller.refresh().join());
        assertEquals(java.util.Set.of(), controller.unsentIds());
    }

    @Test
    void listenersHearLocalChangesAndTheEndOfARefresh() {
        List<String> heard = new CopyOnWriteArrayList<>();
        controller.addChangeListener(() -> heard.add(controller.statusText()));
        heard.clear(); // the current status, delivered at once
        controller.add("walk dog");
        assertTrue(heard.contains("1 pending · last sync never"), heard.toString());
        assertTrue(controller.refresh().join());
        assertTrue(heard.get(heard.size() - 1).matches("0 pending · last sync \\d\\d:\\d\\d:\\d\\d"),
                heard.toString());
    }

    private TodoItem synced(String itemText) {
        TodoItem item = controller.add(itemText);
        assertTrue(controller.refresh().join());
        return item;
    }

    private List<String> texts() {
        return controller.openItems().stream().map(TodoItem::text).toList();
    }

    private List<String> serverTexts() {
        return service.items(TodoController.TABLE, false).stream()
                .filter(node -> !node.path("complete").asBoolean())
                .map(node -> node.get("text").asText()).sorted().toList();
    }

    private ObjectNode serverItem(String itemText) {
        return service.items(TodoController.TABLE, true).stream()
                .filter(node -> node.get("text").asText().equals(itemText)).findFirst().orElseThrow();
    }

    private static ObjectNode text(String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("text", value);
        return node;
    }
}

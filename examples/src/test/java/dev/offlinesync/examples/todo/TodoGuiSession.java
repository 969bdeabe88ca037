package dev.offlinesync.examples.todo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.examples.Main;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.FakeTableService;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JTextField;
import javax.swing.ListModel;

/**
 * One person's session with the Todo app, scripted: started by {@link TodoGuiTest} in a JVM of its own whose
 * {@code DISPLAY} is an Xvfb server, against an in-process table service. It adds and edits items, refreshes,
 * resolves three conflicts with each button of the "Server Conflict" dialog, works offline and syncs when the
 * server is back, deletes an item, checking what the window shows and what the server holds after each step. Prints
 * {@link #OK} and exits 0 when every check held; exits 1 with the reason otherwise. Screenshots go to the
 * directory given as the first argument.
 */
public final class TodoGuiSession {

    static final String OK = "GUI SESSION OK";
    private static final System.Logger LOG = System.getLogger(TodoGuiSession.class.getName());
    private static final String TABLE = TodoController.TABLE;
    private static final String SYNCED = "0 pending · last sync \\d\\d:\\d\\d:\\d\\d";

    private final FakeTableService service;
    private final GuiDriver gui;
    private final Path output;
    private Window frame;
    private JList<?> list;
    private JLabel status;

    private TodoGuiSession(FakeTableService service, GuiDriver gui, Path output) {
        this.service = service;
        this.gui = gui;
        this.output = output;
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "target");
        try (FakeTableService service = FakeTableService.start().defineTable(TABLE)) {
            TodoGuiSession session = new TodoGuiSession(service, new GuiDriver(), output);
            try {
                session.run();
            } catch (AssertionError | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "the GUI session failed: " + e.getMessage(), e);
                session.screenshotOnFailure();
                System.exit(1);
            }
        }
        System.out.println(OK);
        System.exit(0);
    }

    private void run() {
        ObjectNode seeded = JsonNodeFactory.instance.objectNode().put("text", "read the walkthrough")
                .put("complete", false);
        service.insertDirect(TABLE, seeded);

        // No window manager runs on Xvfb: let Swing draw the title bars, so screenshots show the titles.
        JFrame.setDefaultLookAndFeelDecorated(true);
        JDialog.setDefaultLookAndFeelDecorated(true);
        step("start the app with gui --url " + service.uri());
        Main.main(new String[] {"gui", "--url", service.uri().toString(), "--store",
                java.nio.file.Path.of("target", "todo-gui-" + ProcessHandle.current().pid() + ".db").toString()});
        frame = gui.window("todoFrame");
        list = gui.find(frame, "todoList", JList.class);
        status = gui.find(frame, "statusLabel", JLabel.class);
        JTextField newItem = gui.find(frame, "newItemText", JTextField.class);
        step("the window refreshes as it opens: the server's item shows");
        expectStatus(SYNCED);
        expectList("read the walkthrough");

        step("add two items: one with the Add button, one with Enter");
        gui.typeInto(newItem, "buy milk");
        gui.click(button(frame, "addButton"));
        expectList("buy milk", "read the walkthrough");
        gui.typeInto(newItem, "walk dog");
        gui.press(newItem, "Enter to add 'walk dog' (the field is emptied)", () -> newItem.getText().isEmpty(),
                KeyEvent.VK_ENTER);
        expectList("buy milk", "read the walkthrough", "walk dog");
        expectStatus("2 pending · last sync .*");
        check(service.items(TABLE, false).size() == 1, "nothing reaches the server before a refresh");

        step("edit 'buy milk' in the detail view (double-click)");
        edit("buy milk", "buy oat milk", false);
        expectList("buy oat milk", "read the walkthrough", "walk dog");
        expectStatus("2 pending · last sync .*");

        step("refresh: push the two inserts");
        gui.click(button(frame, "refreshButton"));
        expectStatus(SYNCED);
        expectList("buy oat milk", "read the walkthrough", "walk dog");
        expectServer("buy oat milk", "read the walkthrough", "walk dog");

        step("mark 'walk dog' complete in the detail view, refresh");
        edit("walk dog", null, true);
        expectList("buy oat milk", "read the walkthrough");
        expectStatus("1 pending · last sync .*");
        gui.click(button(frame, "refreshButton"));
        expectStatus(SYNCED);
        check(serverItem("walk dog").get("complete").asBoolean(), "the server has 'walk dog' complete");

        step("conflict 1: another device renames 'read the walkthrough'; we edit it too; Use Client");
        conflict("read the walkthrough", "read it twice", "read the docs", "useClientButton", true);
        expectStatus(SYNCED);
        expectList("buy oat milk", "read the docs");
        expectServer("buy oat milk", "read the docs");

        step("conflict 2: the same with 'buy oat milk'; Use Server");
        conflict("buy oat milk", "buy soy milk", "buy rice milk", "useServerButton", false);
        expectStatus(SYNCED);
        expectList("buy soy milk", "read the docs");
        expectServer("buy soy milk", "read the docs");

        step("conflict 3: the same with 'read the docs'; Cancel keeps our change pending");
        conflict("read the docs", "read the manual", "read the code", "cancelPushButton", false);
        expectStatus("Sync cancelled: changes kept \\(1 pending\\) · last sync \\d\\d:\\d\\d:\\d\\d");
        expectList("buy soy milk", "read the code");
        expectServer("buy soy milk", "read the manual");

        step("the server goes down: add an item, refresh, changes are kept");
        service.intercept(request -> FakeResponse.disconnect());
        gui.typeInto(newItem, "call mom");
        gui.click(button(frame, "addButton"));
        expectList("buy soy milk", "call mom", "read the code");
        gui.click(button(frame, "refreshButton"));
        expectStatus("Server unreachable: changes kept \\(2 pending\\) · last sync \\d\\d:\\d\\d:\\d\\d");
        gui.screenshot(frame, output.resolve("todo-offline.png"));
        step("saved " + output.resolve("todo-offline.png"));
        expectServer("buy soy milk", "read the manual");

        step("the server is back: refresh asks again about the cancelled change; Use Client; all synced");
        service.intercept(null);
        gui.click(button(frame, "refreshButton"));
        answerConflict("read the code", "read the manual", "useClientButton", false);
        expectStatus(SYNCED);
        expectList("buy soy milk", "call mom", "read the code");
        expectServer("buy soy milk", "call mom", "read the code");

        step("select 'call mom', Delete, refresh: the server deletes it too");
        gui.clickRow(list, () -> rows().indexOf("call mom"), 1, "'call mom' to be selected",
                () -> list.getSelectedIndex() >= 0 && list.getSelectedIndex() == rows().indexOf("call mom"));
        gui.click(button(frame, "deleteButton"));
        expectList("buy soy milk", "read the code");
        expectStatus("1 pending · last sync .*");
        gui.click(button(frame, "refreshButton"));
        expectStatus(SYNCED);
        expectServer("buy soy milk", "read the code");
        check(service.items(TABLE, true).stream().anyMatch(n -> n.get("text").asText().equals("call mom")
                && n.get("deleted").asBoolean()), "the server keeps 'call mom' as a soft-deleted row");
        gui.screenshot(frame, output.resolve("todo-app.png"));
        step("saved " + output.resolve("todo-app.png"));
    }

    /** Another device changes the item on the server; we edit it here and refresh; the dialog asks. */
    private void conflict(String item, String theirs, String mine, String answer, boolean screenshot) {
        ObjectNode change = JsonNodeFactory.instance.objectNode().put("text", theirs);
        service.updateDirect(TABLE, serverItem(item).get("id").asText(), change);
        edit(item, mine, false);
        expectStatus("1 pending · last sync .*");
        gui.click(button(frame, "refreshButton"));
        answerConflict(mine, theirs, answer, screenshot);
    }

    private void answerConflict(String mine, String theirs, String answer, boolean screenshot) {
        JDialog dialog = (JDialog) gui.window("conflictDialog");
        check(GuiDriver.onEdt(dialog::getTitle).equals("Server Conflict"), "the dialog's title is Server Conflict");
        String message = GuiDriver.onEdt(gui.find(dialog, "conflictMessage", JLabel.class)::getText);
        check(message.equals("How do you want to resolve the conflict?"), "the dialog asks: " + message);
        String detail = GuiDriver.onEdt(gui.find(dialog, "conflictDetail", JLabel.class)::getText);
        check(detail.contains(mine) && detail.contains(theirs), "the dialog shows both versions: " + detail);
        for (String name : new String[] {"useClientButton", "useServerButton", "cancelPushButton"}) {
            gui.find(dialog, name, JButton.class);
        }
        if (screenshot) {
            gui.screenshot(frame, output.resolve("todo-conflict.png"));
            step("saved " + output.resolve("todo-conflict.png"));
        }
        gui.click(gui.find(dialog, answer, JButton.class));
        gui.awaitClosed("conflictDialog");
    }

    /** Opens the detail view by double-clicking the row, changes text and/or ticks complete, and saves. */
    private void edit(String row, String newText, boolean tickComplete) {
        gui.clickRow(list, () -> rows().indexOf(row), 2, "the detail view of '" + row + "' to open",
                () -> gui.isShowing("editDialog"));
        Window dialog = gui.window("editDialog");
        JTextField text = gui.find(dialog, "editText", JTextField.class);
        check(GuiDriver.onEdt(text::getText).equals(row), "the detail view shows '" + row + "'");
        if (newText != null) {
            gui.typeInto(text, newText);
        }
        if (tickComplete) {
            JCheckBox complete = gui.find(dialog, "editComplete", JCheckBox.class);
            gui.tick(complete);
        }
        gui.click(gui.find(dialog, "saveButton", JButton.class));
        gui.awaitClosed("editDialog");
    }

    private List<String> rows() {
        ListModel<?> model = list.getModel();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < model.getSize(); i++) {
            texts.add(((TodoItem) model.getElementAt(i)).text());
        }
        return texts;
    }

    private void expectList(String... texts) {
        gui.await("the list to show " + List.of(texts), this::rows, List.of(texts)::equals);
    }

    private void expectStatus(String regex) {
        gui.await("the status line to match '" + regex + "'", status::getText, text -> text.matches(regex));
    }

    /** The server's open items, by text, sorted. */
    private void expectServer(String... texts) {
        List<String> open = service.items(TABLE, false).stream().filter(n -> !n.path("complete").asBoolean())
                .map(n -> n.get("text").asText()).sorted().toList();
        check(open.equals(List.of(texts)), "the server's open items are " + List.of(texts) + ", were " + open);
    }

    private ObjectNode serverItem(String text) {
        return service.items(TABLE, false).stream().filter(n -> n.get("text").asText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("the server has no item '" + text + "'"));
    }

    private JButton button(Window window, String name) {
        return gui.find(window, name, JButton.class);
    }

    private void screenshotOnFailure() {
        if (frame != null) {
            try {
                gui.screenshot(frame, output.resolve("todo-failure.png"));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "no failure screenshot", e);
            }
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }

    private static void step(String what) {
        System.out.println("step: " + Objects.requireNonNull(what));
    }
}

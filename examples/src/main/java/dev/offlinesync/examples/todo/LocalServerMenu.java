package dev.offlinesync.examples.todo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.testkit.FakeResponse;
import dev.offlinesync.testkit.FakeTableService;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;

/**
 * The "Server" menu shown when the app runs against its in-process table service: it plays another device
 * (change the selected item on the server, which makes the next push of a local edit conflict) and takes the
 * server offline and back, so the walkthrough can be tried with one window.
 *
 * <p>Component names: {@code serverMenu}, {@code changeOnServerItem}, {@code serverOfflineItem}.
 */
final class LocalServerMenu {

    private static final System.Logger LOG = System.getLogger(LocalServerMenu.class.getName());

    private LocalServerMenu() {
    }

    static JMenuBar create(TodoFrame frame, FakeTableService service) {
        JMenu menu = new JMenu("Server");
        menu.setName("serverMenu");

        JMenuItem change = new JMenuItem("Change the selected item on the server (as another device)");
        change.setName("changeOnServerItem");
        change.addActionListener(e -> changeOnServer(frame, service, frame.selectedItem()));
        menu.add(change);

        JCheckBoxMenuItem offline = new JCheckBoxMenuItem("Server offline");
        offline.setName("serverOfflineItem");
        offline.addActionListener(e -> {
            service.intercept(offline.isSelected() ? request -> FakeResponse.disconnect() : null);
            LOG.log(System.Logger.Level.INFO, "in-process server {0}", offline.isSelected() ? "offline" : "online");
        });
        menu.add(offline);

        JMenuBar bar = new JMenuBar();
        bar.add(menu);
        return bar;
    }

    private static void changeOnServer(TodoFrame frame, FakeTableService service, Optional<TodoItem> selected) {
        if (selected.isEmpty()) {
            JOptionPane.showMessageDialog(frame, "Select an item first.", "Server", JOptionPane.INFORMATION_MESSAGE);
            return;
        }
        String text = JOptionPane.showInputDialog(frame, "New text on the server (another device's edit):",
                selected.get().text() + " (edited elsewhere)");
        if (text == null || text.isBlank()) {
            return;
        }
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        changes.put("text", text.strip());
        try {
            service.updateDirect(TodoController.TABLE, selected.get().id(), changes);
        } catch (NoSuchElementException e) {
            LOG.log(System.Logger.Level.INFO, "item not on the server yet", e);
            JOptionPane.showMessageDialog(frame, "The server does not have this item yet: press Refresh first.",
                    "Server", JOptionPane.INFORMATION_MESSAGE);
        }
    }
}

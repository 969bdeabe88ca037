package dev.offlinesync.examples.todo;

import dev.offlinesync.examples.todo.ConflictResolver.Conflict;
import dev.offlinesync.examples.todo.ConflictResolver.Resolution;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Window;
import java.awt.event.KeyEvent;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.KeyStroke;

/**
 * The walkthrough's question when the server rejects a change: "Server Conflict — How do you want to resolve
 * the conflict?" with Use Client, Use Server and Cancel. Modal; closing it or Escape means Cancel (the change
 * stays queued).
 *
 * <p>Component names: the dialog {@code conflictDialog}, {@code conflictMessage}, {@code conflictDetail},
 * {@code useClientButton}, {@code useServerButton}, {@code cancelPushButton}.
 */
final class ConflictDialog extends JDialog {
    private static final long serialVersionUID = 1L;

    static final String TITLE = "Server Conflict";
    static final String MESSAGE = "How do you want to resolve the conflict?";

    private transient Resolution answer = Resolution.CANCEL;

    private ConflictDialog(Window owner, Conflict conflict) {
        super(owner, TITLE, ModalityType.APPLICATION_MODAL);
        setName("conflictDialog");
        JLabel message = new JLabel(MESSAGE);
        message.setName("conflictMessage");
        message.setFont(message.getFont().deriveFont(Font.BOLD));
        JLabel detail = new JLabel(detail(conflict));
        detail.setName("conflictDetail");

        JPanel text = new JPanel();
        text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
        text.add(message);
        text.add(javax.swing.Box.createVerticalStrut(8));
        text.add(detail);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        buttons.add(button("Use Client", "useClientButton", Resolution.USE_CLIENT,
                "Send my version again: my values replace the server's"));
        buttons.add(button("Use Server", "useServerButton", Resolution.USE_SERVER,
                "Take the server's version: my change is dropped"));
        buttons.add(button("Cancel", "cancelPushButton", Resolution.CANCEL,
                "Stop syncing: my change stays pending and is offered again at the next refresh"));

        JPanel content = new JPanel(new BorderLayout(0, 12));
        content.setBorder(BorderFactory.createEmptyBorder(12, 14, 10, 14));
        content.add(text, BorderLayout.CENTER);
        content.add(buttons, BorderLayout.SOUTH);
        setContentPane(content);
        getRootPane().registerKeyboardAction(e -> dispose(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        pack();
        setLocationRelativeTo(owner);
    }

    private JButton button(String label, String name, Resolution resolution, String tip) {
        JButton button = new JButton(label);
        button.setName(name);
        button.setToolTipText(tip);
        button.addActionListener(e -> {
            answer = resolution;
            dispose();
        });
        return button;
    }

    /** Asks, on the event dispatch thread, and returns the answer once the person chose. */
    static Resolution ask(Window owner, Conflict conflict) {
        ConflictDialog dialog = new ConflictDialog(owner, conflict);
        dialog.setVisible(true);
        return dialog.answer;
    }

    private static String detail(Conflict conflict) {
        String again = conflict.attempt() > 1 ? "<i>The server's copy changed again.</i><br>" : "";
        String mine = conflict.deleted() ? "deleted" : describe(conflict.mine());
        String server = conflict.server() == null ? "unknown" : describe(conflict.server());
        return "<html>" + again + "This device: " + mine + "<br>Server: " + server + "</html>";
    }

    private static String describe(TodoItem item) {
        String text = item.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "“" + text + "”" + (item.complete() ? " (complete)" : "");
    }
}

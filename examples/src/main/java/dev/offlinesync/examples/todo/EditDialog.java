package dev.offlinesync.examples.todo;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.util.Optional;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.KeyStroke;

/**
 * The detail view of one item: its text and its complete flag. Modal; Save (or Enter) keeps the edit, Cancel
 * (or Escape, or closing the window) drops it.
 *
 * <p>Component names: the dialog {@code editDialog}, {@code editText}, {@code editComplete},
 * {@code saveButton}, {@code cancelEditButton}.
 */
final class EditDialog extends JDialog {
    private static final long serialVersionUID = 1L;

    private final JTextField text = new JTextField(28);
    private final JCheckBox complete = new JCheckBox("Complete");
    private final JButton save = new JButton("Save");
    private final transient TodoItem original;
    private transient TodoItem result;

    private EditDialog(Window owner, TodoItem item) {
        super(owner, "Edit item", ModalityType.APPLICATION_MODAL);
        this.original = item;
        setName("editDialog");
        text.setName("editText");
        complete.setName("editComplete");
        save.setName("saveButton");
        JButton cancel = new JButton("Cancel");
        cancel.setName("cancelEditButton");
        text.setText(item.text());
        complete.setSelected(item.complete());

        JPanel fields = new JPanel();
        fields.setLayout(new BoxLayout(fields, BoxLayout.Y_AXIS));
        JLabel label = new JLabel("Text");
        label.setLabelFor(text);
        label.setAlignmentX(LEFT_ALIGNMENT);
        text.setAlignmentX(LEFT_ALIGNMENT);
        complete.setAlignmentX(LEFT_ALIGNMENT);
        fields.add(label);
        fields.add(text);
        fields.add(complete);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        buttons.add(cancel);
        buttons.add(save);

        JPanel content = new JPanel(new BorderLayout(0, 10));
        content.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        content.add(fields, BorderLayout.CENTER);
        content.add(buttons, BorderLayout.SOUTH);
        setContentPane(content);

        save.addActionListener(e -> {
            if (!text.getText().isBlank()) {
                result = original.withText(text.getText().strip()).withComplete(complete.isSelected());
                dispose();
            }
        });
        cancel.addActionListener(e -> dispose());
        getRootPane().setDefaultButton(save);
        getRootPane().registerKeyboardAction(e -> dispose(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        pack();
        setLocationRelativeTo(owner);
    }

    /** Shows the dialog (on the event dispatch thread) and returns the edited item, or empty if cancelled. */
    static Optional<TodoItem> edit(Window owner, TodoItem item) {
        EditDialog dialog = new EditDialog(owner, item);
        dialog.setVisible(true);
        return Optional.ofNullable(dialog.result);
    }
}

package dev.offlinesync.examples.todo;

import dev.offlinesync.SyncException;
import dev.offlinesync.examples.todo.ConflictResolver.Resolution;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.ListCellRenderer;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.WindowConstants;
import javax.swing.border.Border;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * The Todo window: an "add" field, the list of incomplete items, Edit / Delete / Refresh, and the status line.
 * Everything it shows comes from the {@link TodoController}; it runs on the event dispatch thread only.
 *
 * <p>Component names, for tests and accessibility tools: {@code newItemText}, {@code addButton},
 * {@code todoList}, {@code editButton}, {@code deleteButton}, {@code refreshButton}, {@code statusLabel}.
 */
public final class TodoFrame extends JFrame {
    private static final long serialVersionUID = 1L;

    private static final System.Logger LOG = System.getLogger(TodoFrame.class.getName());
    private static final Color PROBLEM = new Color(0xB0, 0x1C, 0x1C);

    private final transient TodoController controller;
    private final DefaultListModel<TodoItem> model = new DefaultListModel<>();
    private final JList<TodoItem> list = new JList<>(model);
    private final JTextField newItem = new JTextField(24);
    private final JButton add = new JButton("Add");
    private final JButton edit = new JButton("Edit…");
    private final JButton delete = new JButton("Delete");
    private final JButton refresh = new JButton("Refresh");
    private final JLabel status = new JLabel(" ");
    /** The ids of items with unsent changes, read at each reload (on the EDT). */
    private Set<String> unsent = Set.of();

    /** Builds the window (call on the event dispatch thread) and makes it the controller's conflict resolver. */
    public TodoFrame(TodoController controller, String title) {
        super(title);
        this.controller = Objects.requireNonNull(controller, "controller");
        setName("todoFrame");
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        setContentPane(layoutContent());
        wireActions();
        controller.addChangeListener(() -> onEdt(this::reload));
        controller.setConflictResolver(this::askOnEdt);
        reload();
        pack();
        setMinimumSize(new Dimension(600, 420));
        setLocationRelativeTo(null);
    }

    private JPanel layoutContent() {
        name(newItem, "newItemText");
        newItem.setToolTipText("What needs doing? Enter adds it.");
        name(add, "addButton");
        name(list, "todoList");
        name(edit, "editButton");
        name(delete, "deleteButton");
        name(refresh, "refreshButton");
        name(status, "statusLabel");
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setVisibleRowCount(12);
        list.setCellRenderer(renderer());
        status.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));

        JPanel top = new JPanel(new BorderLayout(6, 0));
        top.add(newItem, BorderLayout.CENTER);
        top.add(add, BorderLayout.EAST);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        buttons.add(edit);
        buttons.add(delete);
        JPanel actions = new JPanel(new BorderLayout());
        actions.add(buttons, BorderLayout.WEST);
        actions.add(refresh, BorderLayout.EAST);

        JPanel bottom = new JPanel(new BorderLayout(0, 6));
        bottom.add(actions, BorderLayout.NORTH);
        bottom.add(status, BorderLayout.SOUTH);

        JPanel content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(10, 10, 6, 10));
        content.add(top, BorderLayout.NORTH);
        content.add(new JScrollPane(list), BorderLayout.CENTER);
        content.add(bottom, BorderLayout.SOUTH);
        return content;
    }

    /** Items with a change the server has not accepted yet end with a dot ("not synced" in the tooltip). */
    private ListCellRenderer<TodoItem> renderer() {
        DefaultListCellRenderer base = new DefaultListCellRenderer();
        Border padding = BorderFactory.createEmptyBorder(2, 4, 2, 4);
        return (owner, item, index, selected, focused) -> {
            boolean unsentChange = unsent.contains(item.id());
            JComponent cell = (JComponent) base.getListCellRendererComponent(owner,
                    unsentChange ? item.text() + "  \u2022" : item.text(), index, selected, focused);
            cell.setToolTipText(unsentChange ? "not synced yet" : null);
            cell.setBorder(BorderFactory.createCompoundBorder(cell.getBorder(), padding));
            return cell;
        };
    }

    private void wireActions() {
        add.addActionListener(e -> addItem());
        newItem.addActionListener(e -> addItem());
        newItem.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                updateButtons();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                updateButtons();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                updateButtons();
            }
        });
        edit.addActionListener(e -> editSelected());
        delete.addActionListener(e -> deleteSelected());
        refresh.addActionListener(e -> controller.refresh());
        list.addListSelectionListener(e -> updateButtons());
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                int index = list.locationToIndex(e.getPoint());
                if (e.getClickCount() == 2 && index >= 0 && list.getCellBounds(index, index).contains(e.getPoint())) {
                    list.setSelectedIndex(index);
                    editSelected();
                }
            }
        });
        list.getInputMap(JComponent.WHEN_FOCUSED).put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "edit");
        list.getActionMap().put("edit", new AbstractAction() {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(java.awt.event.ActionEvent e) {
                editSelected();
            }
        });
    }

    private void addItem() {
        String text = newItem.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            controller.add(text);
            newItem.setText("");
        } catch (SyncException e) {
            controller.reportLocalFailure("Could not add the item", e);
            reload(); // a local failure is no sync event: show it now
        }
        newItem.requestFocusInWindow();
    }

    private void editSelected() {
        TodoItem selected = list.getSelectedValue();
        if (selected == null) {
            return;
        }
        try {
            TodoItem current = controller.find(selected.id()).orElse(selected);
            Optional<TodoItem> edited = EditDialog.edit(this, current);
            if (edited.isPresent() && !edited.get().equals(current)) {
                controller.save(edited.get());
            }
        } catch (SyncException e) {
            controller.reportLocalFailure("Could not save the item", e);
            reload(); // a local failure is no sync event: show it now
        }
    }

    private void deleteSelected() {
        TodoItem selected = list.getSelectedValue();
        if (selected == null) {
            return;
        }
        try {
            controller.delete(selected.id());
        } catch (SyncException e) {
            controller.reportLocalFailure("Could not delete the item", e);
            reload(); // a local failure is no sync event: show it now
        }
    }

    /** The item selected in the list, if any. */
    public Optional<TodoItem> selectedItem() {
        return Optional.ofNullable(list.getSelectedValue());
    }

    /** Shows the controller's state: the list (keeping the selection) and the status line. */
    private void reload() {
        TodoItem selected = list.getSelectedValue();
        List<TodoItem> items;
        try {
            items = controller.openItems();
            unsent = controller.unsentIds();
        } catch (SyncException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the local store", e);
            status.setText("Cannot read the local store: " + e.getMessage());
            status.setForeground(PROBLEM);
            return;
        }
        model.clear();
        model.addAll(items);
        if (selected != null) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).id().equals(selected.id())) {
                    list.setSelectedIndex(i);
                }
            }
        }
        status.setText(controller.statusText());
        status.setToolTipText(controller.statusText());
        status.setForeground(controller.hasProblem() ? PROBLEM : UIManager.getColor("Label.foreground"));
        updateButtons();
    }

    private void updateButtons() {
        boolean chosen = list.getSelectedIndex() >= 0;
        edit.setEnabled(chosen);
        delete.setEnabled(chosen);
        add.setEnabled(!newItem.getText().isBlank());
        refresh.setEnabled(!controller.syncing());
    }

    /** The conflict resolver: called on a sync thread, it asks on the EDT and waits for the answer. */
    private Resolution askOnEdt(ConflictResolver.Conflict conflict) {
        AtomicReference<Resolution> answer = new AtomicReference<>(Resolution.CANCEL);
        try {
            SwingUtilities.invokeAndWait(() -> answer.set(isDisplayable() ? ConflictDialog.ask(this, conflict)
                    : Resolution.CANCEL));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Resolution.CANCEL;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The conflict dialog failed: " + e.getCause(), e.getCause());
        }
        return answer.get();
    }

    private static void onEdt(Runnable action) {
        if (SwingUtilities.isEventDispatchThread()) {
            action.run();
        } else {
            SwingUtilities.invokeLater(action);
        }
    }

    private static void name(JComponent component, String name) {
        component.setName(name);
    }
}

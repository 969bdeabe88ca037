package dev.offlinesync.examples.todo;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.ActionListener;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JList;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * Drives a Swing UI as a person would: real mouse clicks and key presses through {@link Robot}, components found
 * by name, state read on the event dispatch thread, and waits that poll with a deadline (never a fixed sleep).
 * Like a careful person it acts only on a component that is showing and enabled in a window that takes input,
 * then watches for the effect, and acts once more when none came (logged at INFO).
 */
final class GuiDriver {

    private static final System.Logger LOG = System.getLogger(GuiDriver.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long an action's effect may take before the driver acts once more. Input sent before a new window is
     * mapped is lost without a trace, and a loaded machine can take a second to let the EDT handle what did
     * arrive, hence well above that.
     */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Robot robot;

    private final InputTargets targets = new InputTargets();

    /** Call before the UI opens its first window, so that no window's first focus goes unseen. */
    GuiDriver() throws AWTException {
        robot = new Robot();
        robot.setAutoDelay(5);
    }

    /** Runs on the EDT and returns the value; failures there are rethrown here. */
    static <T> T onEdt(Callable<T> action) {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                try {
                    value.set(action.call());
                } catch (Exception e) {
                    failure.set(e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the UI", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reading the UI failed: " + e.getCause(), e.getCause());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("reading the UI failed: " + failure.get(), failure.get());
        }
        return value.get();
    }

    /** Waits until the condition (evaluated on the EDT) holds; fails with what was last seen. */
    <T> T await(String what, Callable<T> read, Predicate<T> condition) {
        AtomicReference<T> seen = new AtomicReference<>();
        if (!poll(TIMEOUT, () -> {
            seen.set(read.call());
            return seen.get();
        }, condition)) {
            throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                    + "; last seen: " + seen.get());
        }
        return seen.get();
    }

    /** Reads on the EDT every 50 ms until the condition holds (true) or the time is up (false). */
    private <T> boolean poll(Duration limit, Callable<T> read, Predicate<T> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.test(onEdt(read))) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            robot.delay(50);
        }
    }

    /** The visible window with this component name. */
    Window window(String name) {
        return await("window '" + name + "' to show", () -> showing(name), w -> w != null);
    }

    /** Waits until no visible window has this name. */
    void awaitClosed(String name) {
        await("window '" + name + "' to close", () -> showing(name) == null, closed -> closed);
    }

    /** Whether a window with this component name is showing (call on the EDT). */
    boolean isShowing(String name) {
        return showing(name) != null;
    }

    private static Window showing(String name) {
        for (Window window : Window.getWindows()) {
            if (name.equals(window.getName()) && window.isShowing()) {
                return window;
            }
        }
        return null;
    }

    /** The component with this name inside the window. */
    <T extends Component> T find(Container root, String name, Class<T> type) {
        Component found = onEdt(() -> search(root, name));
        if (found == null) {
            throw new AssertionError("no component named '" + name + "' in " + root.getName());
        }
        return type.cast(found);
    }

    private static Component search(Container root, String name) {
        for (Component child : root.getComponents()) {
            if (name.equals(child.getName())) {
                return child;
            }
            if (child instanceof Container container) {
                Component found = search(container, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Clicks the button and waits until it fires. A click that fires nothing within {@link #RETRY_AFTER} is made
     * once more (the first one landed before the window could take it); a second click on a button whose first
     * click did arrive late is harmless here, as the buttons that close a window are gone by then and the others
     * are disabled or idempotent while their action runs.
     */
    void click(AbstractButton button) {
        AtomicInteger fired = new AtomicInteger();
        ActionListener counter = e -> fired.incrementAndGet();
        onEdt(() -> {
            button.addActionListener(counter);
            return null;
        });
        try {
            act("'" + button.getName() + "' to fire", () -> clickAt(ready(button), 1), () -> fired.get() > 0);
        } finally {
            onEdt(() -> {
                button.removeActionListener(counter);
                return null;
            });
        }
    }

    /**
     * Ticks a check box that is not ticked, with a click. It checks the state before a second click, so a first
     * click that arrived late is not undone.
     */
    void tick(AbstractButton box) {
        if (onEdt(box::isSelected)) {
            throw new AssertionError("expected '" + box.getName() + "' not to be ticked before the click");
        }
        act("'" + box.getName() + "' to be ticked", () -> clickAt(ready(box), 1), box::isSelected);
    }

    /**
     * Clicks ({@code times} = 1) or double-clicks (2) the list row at the index the supplier finds, then waits for
     * the effect the caller names (the row selected, a window open); without it, clicks once more.
     */
    <T> void clickRow(JList<T> list, Supplier<Integer> indexOf, int times, String effect, Callable<Boolean> done) {
        act(effect, () -> {
            ready(list);
            Point row = await("the row to be visible", () -> {
                Integer index = indexOf.get();
                if (index == null || index < 0) {
                    return null;
                }
                Rectangle cell = list.getCellBounds(index, index);
                Point p = new Point(cell.x + Math.min(cell.width / 2, 60), cell.y + cell.height / 2);
                SwingUtilities.convertPointToScreen(p, list);
                return p;
            }, p -> p != null);
            clickAt(row, times);
        }, done);
    }

    /**
     * Acts, then waits for the effect; when it has not come within {@link #RETRY_AFTER}, lets the input queued so
     * far reach the UI, looks again and, if it is still missing, acts a second time and waits the full timeout.
     * The effect is read on the EDT; a failure names it and what was last seen. A first input that arrives while
     * the second waits for its target (a dialog closed by a late click) ends the wait as a success.
     */
    private void act(String effect, Runnable action, Callable<Boolean> done) {
        action.run();
        if (poll(RETRY_AFTER, done, ok -> ok)) {
            return;
        }
        settle();
        if (onEdt(done)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "no sign of {0} {1} s after the input; acting again", effect,
                String.valueOf(RETRY_AFTER.toSeconds()));
        try {
            action.run();
        } catch (AssertionError notReady) {
            if (onEdt(done)) {
                return;
            }
            throw notReady;
        }
        await(effect, done, ok -> ok);
    }

    /**
     * Waits until a person could use the component: its window takes input and the component is showing, enabled
     * and laid out ({@link InputTargets#spotOf}). Returns the component's centre on screen.
     */
    private Point ready(Component component) {
        long start = System.nanoTime();
        AtomicReference<InputTargets.Spot> first = new AtomicReference<>();
        InputTargets.Spot spot = await("'" + component.getName() + "' to be ready for input", () -> {
            InputTargets.Spot seen = targets.spotOf(component);
            first.compareAndSet(null, seen);
            return seen;
        }, s -> s.centre() != null);
        if (first.get().centre() == null) {
            LOG.log(System.Logger.Level.DEBUG, "''{0}'' took input after {1} ms; at first: {2}", component.getName(),
                    String.valueOf((System.nanoTime() - start) / 1_000_000), first.get());
        }
        return spot.centre();
    }

    /**
     * Lets the input just sent reach the window: a short pause for the X server, then every event queued on the
     * EDT handled. Not {@code Robot.waitForIdle()}: its X round trip (XToolkit.syncNativeQueue) was seen to stall
     * for many seconds per call on Xvfb without a window manager, which made the session time out.
     */
    private void settle() {
        robot.delay(40);
        try {
            java.awt.EventQueue.invokeAndWait(() -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the EDT", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("an empty EDT task failed", e);
        }
    }

    private void clickAt(Point point, int times) {
        robot.mouseMove(point.x, point.y);
        settle();
        for (int i = 0; i < times; i++) {
            robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
            robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        }
        settle();
    }

    /**
     * Clicks into a text field until it has the keyboard focus, then selects what it holds and types the text over
     * it until the field reads the text (typing a second time replaces whatever of the first reached it).
     */
    void typeInto(JTextComponent field, String text) {
        String name = "'" + field.getName() + "'";
        act(name + " to have the keyboard focus", () -> clickAt(ready(field), 1), field::isFocusOwner);
        act(name + " to read '" + text + "'", () -> {
            focused(field);
            key(KeyEvent.VK_A, KeyEvent.VK_CONTROL);
            for (char c : text.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    key(c, KeyEvent.VK_SHIFT);
                } else if (c >= 'a' && c <= 'z') {
                    key(Character.toUpperCase(c));
                } else if (c >= '0' && c <= '9' || c == ' ') {
                    key(c);
                } else {
                    throw new IllegalArgumentException("the driver types letters, digits and spaces, not '" + c + "'");
                }
            }
        }, () -> text.equals(field.getText()));
    }

    /**
     * Presses a key (holding the modifiers) in the component, once it has the keyboard focus, and waits for the
     * effect; without it, presses once more. The effect must show that the key was taken, so that a second press
     * cannot repeat what the first did.
     */
    void press(Component target, String effect, Callable<Boolean> done, int keyCode, int... modifiers) {
        act(effect, () -> {
            focused(target);
            key(keyCode, modifiers);
        }, done);
    }

    /** Waits until the component is ready for input and has the keyboard focus, where typed keys go. */
    private void focused(Component component) {
        ready(component);
        await("'" + component.getName() + "' to have the keyboard focus", component::isFocusOwner, f -> f);
    }

    /**
     * Presses and releases a key, holding the modifiers, then lets the UI take it. Press and release go out back to
     * back: waiting in between can hold a key past the X server's auto-repeat delay.
     */
    private void key(int keyCode, int... modifiers) {
        for (int modifier : modifiers) {
            robot.keyPress(modifier);
        }
        robot.keyPress(keyCode);
        robot.keyRelease(keyCode);
        for (int i = modifiers.length - 1; i >= 0; i--) {
            robot.keyRelease(modifiers[i]);
        }
        settle();
    }

    /** Saves what the screen shows inside the window's bounds (dialogs on top of it included) as a PNG. */
    void screenshot(Window window, Path file) {
        Rectangle bounds = onEdt(() -> new Rectangle(window.getLocationOnScreen(), window.getSize()));
        settle();
        BufferedImage image = robot.createScreenCapture(bounds);
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package dev.offlinesync.examples.todo;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.swing.JList;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * Drives a Swing UI as a person would: real mouse clicks and key presses through {@link Robot}, components found
 * by name, state read on the event dispatch thread, and waits that poll with a deadline (never a fixed sleep).
 */
final class GuiDriver {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Robot robot;

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
    <T> T await(String what, Callable<T> read, java.util.function.Predicate<T> condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T seen = null;
        while (System.nanoTime() < deadline) {
            seen = onEdt(read);
            if (condition.test(seen)) {
                return seen;
            }
            robot.delay(50);
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                + "; last seen: " + seen);
    }

    /** The visible window with this component name. */
    Window window(String name) {
        return await("window '" + name + "' to show", () -> {
            for (Window window : Window.getWindows()) {
                if (name.equals(window.getName()) && window.isShowing()) {
                    return window;
                }
            }
            return null;
        }, w -> w != null);
    }

    /** Waits until no visible window has this name. */
    void awaitClosed(String name) {
        await("window '" + name + "' to close", () -> {
            for (Window window : Window.getWindows()) {
                if (name.equals(window.getName()) && window.isShowing()) {
                    return false;
                }
            }
            return true;
        }, closed -> closed);
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

    /** Moves the mouse to the middle of the component and clicks it, once it is showing and enabled. */
    void click(Component component) {
        Point center = await("'" + component.getName() + "' to be clickable", () -> {
            if (!component.isShowing() || !component.isEnabled()) {
                return null;
            }
            Point p = component.getLocationOnScreen();
            return new Point(p.x + component.getWidth() / 2, p.y + component.getHeight() / 2);
        }, p -> p != null);
        clickAt(center, 1);
    }

    /** Clicks ({@code times} = 1) or double-clicks (2) the list row at the index the supplier finds. */
    <T> void clickRow(JList<T> list, Supplier<Integer> indexOf, int times) {
        Point center = await("the row to be visible", () -> {
            Integer index = indexOf.get();
            if (index == null || index < 0) {
                return null;
            }
            Rectangle cell = list.getCellBounds(index, index);
            Point p = new Point(cell.x + Math.min(cell.width / 2, 60), cell.y + cell.height / 2);
            SwingUtilities.convertPointToScreen(p, list);
            return p;
        }, p -> p != null);
        clickAt(center, times);
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

    /** Clicks into a text field, waits for the focus, selects what it holds and types the text over it. */
    void typeInto(JTextComponent field, String text) {
        click(field);
        await("'" + field.getName() + "' to have the keyboard focus", field::isFocusOwner, focused -> focused);
        press(KeyEvent.VK_A, KeyEvent.VK_CONTROL);
        for (char c : text.toCharArray()) {
            if (Character.isUpperCase(c)) {
                press(c, KeyEvent.VK_SHIFT);
            } else if (c >= 'a' && c <= 'z') {
                press(Character.toUpperCase(c));
            } else if (c >= '0' && c <= '9' || c == ' ') {
                press(c);
            } else {
                throw new IllegalArgumentException("the driver types letters, digits and spaces, not '" + c + "'");
            }
        }
        await("'" + field.getName() + "' to read '" + text + "'", field::getText, text::equals);
    }

    /**
     * Presses and releases a key, holding the modifiers, then waits for the UI to take it. Press and release go
     * out back to back: waiting in between can hold a key past the X server's auto-repeat delay.
     */
    void press(int keyCode, int... modifiers) {
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

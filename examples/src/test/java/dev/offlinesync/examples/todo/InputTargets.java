package dev.offlinesync.examples.todo;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Dialog;
import java.awt.KeyboardFocusManager;
import java.awt.Point;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.swing.SwingUtilities;

/**
 * Tells whether input sent to a component now would reach it, as a person sees it before clicking or typing: its
 * window on screen and not behind another, the component showing, enabled and laid out. It watches the windows'
 * focus from the start, so create it before the UI opens its first window.
 */
final class InputTargets {

    /** The windows that have had the keyboard focus at least once; read and written on the EDT only. */
    private final Set<Window> focusedOnce = Collections.newSetFromMap(new WeakHashMap<>());

    InputTargets() {
        Toolkit.getDefaultToolkit().addAWTEventListener(event -> {
            if (event.getID() == WindowEvent.WINDOW_GAINED_FOCUS) {
                focusedOnce.add(((WindowEvent) event).getWindow());
            }
        }, AWTEvent.WINDOW_FOCUS_EVENT_MASK);
    }

    /** Where to click the component, or why not yet (call on the EDT). */
    Spot spotOf(Component component) {
        Window window = SwingUtilities.getWindowAncestor(component);
        if (window == null || !window.isShowing()) {
            return new Spot(null, "its window is not showing");
        }
        String blocked = blocked(window);
        if (blocked != null) {
            return new Spot(null, blocked);
        }
        if (!component.isShowing() || !component.isEnabled() || !component.isValid()) {
            return new Spot(null, "showing " + component.isShowing() + ", enabled " + component.isEnabled()
                    + ", laid out " + component.isValid());
        }
        Point p = component.getLocationOnScreen();
        return new Spot(new Point(p.x + component.getWidth() / 2, p.y + component.getHeight() / 2), "ready");
    }

    /**
     * Why input sent now would not reach the window, or null when it would (call on the EDT). AWT asks for the
     * focus of a window it shows only when the X server reports the window mapped; input sent before lands on the
     * window below, so a window that never had the focus is not there yet. Without a window manager nobody hands the
     * focus back to a frame whose dialog closed: such a frame takes input when no other window holds the focus
     * and no modal dialog blocks it.
     */
    private String blocked(Window window) {
        if (window.isFocused()) {
            return null;
        }
        if (!focusedOnce.contains(window)) {
            return "window '" + window.getName() + "' has not had the focus yet (not mapped)";
        }
        Window focused = KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusedWindow();
        if (focused != null && focused.isShowing()) {
            return "window '" + focused.getName() + "' has the focus";
        }
        for (Window other : Window.getWindows()) {
            if (other.isShowing() && other instanceof Dialog dialog && dialog.isModal() && !owns(dialog, window)) {
                return "modal dialog '" + dialog.getName() + "' is open";
            }
        }
        return null;
    }

    private static boolean owns(Window owner, Window window) {
        for (Window w = window; w != null; w = w.getOwner()) {
            if (w == owner) {
                return true;
            }
        }
        return false;
    }

    /** Where to click, or why not yet (shown when the wait times out). */
    record Spot(Point centre, String state) {
        @Override
        public String toString() {
            return state;
        }
    }
}

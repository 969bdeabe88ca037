package dev.offlinesync.examples;

import dev.offlinesync.examples.todo.Demo;
import dev.offlinesync.examples.todo.TodoApp;
import java.util.Arrays;

/**
 * {@code java -jar todo.jar [demo]}: the headless walkthrough; {@code java -jar todo.jar gui [--url URL]
 * [--token TOKEN]}: the desktop Todo app.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo" -> Demo.main(rest);
            case "gui" -> TodoApp.main(rest);
            default -> {
                System.err.println("usage: java -jar todo.jar [demo]                           the headless walkthrough");
                System.err.println("       java -jar todo.jar gui [--url URL] [--token TOKEN]  the desktop Todo app");
                System.exit(2);
            }
        }
    }
}

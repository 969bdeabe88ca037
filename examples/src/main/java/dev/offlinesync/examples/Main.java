package dev.offlinesync.examples;

import dev.offlinesync.examples.todo.Demo;

/** {@code java -jar todo.jar demo}: the headless walkthrough. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        if (command.equals("demo")) {
            Demo.main(args);
        } else {
            System.err.println("usage: java -jar todo.jar demo");
            System.exit(2);
        }
    }
}

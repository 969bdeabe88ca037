package dev.offlinesync.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * Gives a test class a started {@link NodeTableServer}: one server per class, on a free port of 127.0.0.1,
 * with a new database file under {@code target/node-server/}, stopped after the class. Tests, constructors and
 * lifecycle methods receive it as a parameter:
 *
 * <pre>{@code
 * @ExtendWith(NodeServerExtension.class)
 * class PullAgainstNodeTest {
 *     @BeforeEach void clean(NodeTableServer server) { server.clearTables(); }
 *     @Test void pulls(NodeTableServer server) { ... server.uri() ... }
 * }
 * }</pre>
 *
 * <p>When the server is not installed or does not start, the class's tests are <b>skipped</b> with a message
 * saying how to enable them ({@value NodeInstallation#HOW_TO_ENABLE}); when the environment variable
 * {@code CI} is {@code true} they <b>fail</b> instead, with the reason and the tail of the server's log. After
 * one such failure to start, later classes of the same run get the same outcome without trying again.
 * Each test is skipped (or failed) on its own, before its instance is made, so reports count them.
 */
public final class NodeServerExtension implements BeforeAllCallback, AfterAllCallback,
        TestInstancePreConstructCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            NodeServerExtension.class);
    private static final String SERVER = "server";
    private static final String UNAVAILABLE = "unavailable";

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(SERVER, NodeTableServer.class) != null || store.get(UNAVAILABLE) != null) {
            return; // a @Nested class: the enclosing class's server (or its absence) serves it too
        }
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        NodeServerUnavailableException earlier = root.get(UNAVAILABLE, NodeServerUnavailableException.class);
        if (earlier != null) {
            store.put(UNAVAILABLE, earlier);
            return;
        }
        try {
            store.put(SERVER, NodeTableServer.start(newDatabaseFile(context)));
        } catch (NodeServerUnavailableException e) {
            // reported by each test (preConstructTestInstance / beforeEach), so that every test is counted
            root.put(UNAVAILABLE, e);
            store.put(UNAVAILABLE, e);
        }
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        failOrSkipWithoutServer(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failOrSkipWithoutServer(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NodeTableServer server = context.getStore(NAMESPACE).remove(SERVER, NodeTableServer.class);
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NodeTableServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        NodeTableServer server = extensionContext.getStore(NAMESPACE).get(SERVER, NodeTableServer.class);
        if (server == null) {
            throw new IllegalStateException("no Node table server for " + extensionContext.getDisplayName()
                    + ": register NodeServerExtension on the test class (@ExtendWith), not on a method");
        }
        return server;
    }

    /** True when the environment variable {@code CI} is {@code true}: then a missing server is a failure. */
    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void failOrSkipWithoutServer(ExtensionContext context) {
        NodeServerUnavailableException e = context.getStore(NAMESPACE).get(UNAVAILABLE,
                NodeServerUnavailableException.class);
        if (e != null) {
            unavailable(e);
        }
    }

    private static void unavailable(NodeServerUnavailableException e) {
        if (onCi()) {
            Assertions.fail("The real Azure Mobile Apps Node server is needed and CI=true, so this fails instead of"
                    + " skipping (" + NodeInstallation.HOW_TO_ENABLE + "): " + e.getMessage(), e);
        }
        Assumptions.abort("Skipped: the real Azure Mobile Apps Node server is not available: " + firstLine(e)
                + ". To enable these tests, " + NodeInstallation.HOW_TO_ENABLE
                + " (with CI=true they fail instead of skipping)");
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Path newDatabaseFile(ExtensionContext context) {
        Path dir = databaseDirectory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + UUID.randomUUID().toString()
                .substring(0, 8) + ".db";
        return dir.resolve(name);
    }

    private static Path databaseDirectory() {
        Path module = Files.isDirectory(Path.of("node")) ? Path.of("") : Path.of("compat");
        return module.toAbsolutePath().resolve("target").resolve("node-server");
    }
}

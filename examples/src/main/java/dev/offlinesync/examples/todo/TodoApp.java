package dev.offlinesync.examples.todo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.SyncException;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.store.sqlite.SqliteStore;
import dev.offlinesync.testkit.FakeTableService;
import java.awt.GraphicsEnvironment;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import javax.swing.SwingUtilities;

/**
 * {@code java -jar todo.jar gui [--url URL] [--token TOKEN]}: the walkthrough's Todo app on the desktop.
 *
 * <p>The window refreshes (pull with implicit push) when it opens and when Refresh is pressed. The server
 * comes from {@code --url} or the environment variable {@code OFFLINESYNC_URL} (the service root, e.g.
 * {@code https://my-app.azurewebsites.net/}); without either, the app starts an in-process table service with
 * two sample items and adds a "Server" menu to play another device (change an item on the server, take the
 * server offline). The token, sent as {@code X-ZUMO-AUTH}, comes from {@code --token} or
 * {@code OFFLINESYNC_TOKEN}.
 */
public final class TodoApp {

    private static final System.Logger LOG = System.getLogger(TodoApp.class.getName());

    static final String USAGE = """
            usage: java -jar todo.jar gui [--url URL] [--dialect D] [--app-key KEY] [--token TOKEN] [--store FILE]
              --url URL      the table service's root (or env OFFLINESYNC_URL); default: an in-process service
              --dialect D    MOBILE_APPS (default), DATASYNC or MOBILE_SERVICES (or env OFFLINESYNC_DIALECT)
              --app-key KEY  the Mobile Services application key (or env OFFLINESYNC_APP_KEY)
              --token TOKEN  sent as X-ZUMO-AUTH (or env OFFLINESYNC_TOKEN)
              --store FILE   the local SQLite file (or env OFFLINESYNC_STORE); default: one per server in the
                             user's data folder, in memory for the in-process service""";

    private TodoApp() {
    }

    /**
     * Where the app keeps its items and its queue of unsent changes: the SQLite file given, else one file per
     * server in the user's data folder, so both survive a restart. The in-process service forgets everything
     * when the app ends, so with it the store is an in-memory SQLite database (a file would keep items that the
     * next in-process service never heard of).
     */
    static SyncContextDataSource openStore(Settings settings, boolean inProcessService) {
        if (settings.store() != null) {
            return SqliteStore.file(settings.store());
        }
        if (inProcessService) {
            return SqliteStore.inMemory();
        }
        URI url = settings.url();
        String name = (url.getHost() + (url.getPort() > 0 ? "-" + url.getPort() : "")).replaceAll("[^A-Za-z0-9.-]", "_");
        return SqliteStore.file(userDataFolder().resolve("offlinesync-todo").resolve(name + ".db"));
    }

    /** XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows. */
    static Path userDataFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win") && System.getenv("APPDATA") != null) {
            return Path.of(System.getenv("APPDATA"));
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share");
    }

    /** The server, the token and the store file, from arguments first, then the environment. */
    record Settings(URI url, ProtocolDialect dialect, String applicationKey, String token, Path store, boolean help) {

        static Settings parse(String[] args, Map<String, String> env) {
            String url = env.get("OFFLINESYNC_URL");
            String token = env.get("OFFLINESYNC_TOKEN");
            String store = env.get("OFFLINESYNC_STORE");
            String dialect = env.get("OFFLINESYNC_DIALECT");
            String appKey = env.get("OFFLINESYNC_APP_KEY");
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = value(args, ++i, "--url");
                    case "--token" -> token = value(args, ++i, "--token");
                    case "--dialect" -> dialect = value(args, ++i, "--dialect");
                    case "--app-key" -> appKey = value(args, ++i, "--app-key");
                    case "--store" -> store = value(args, ++i, "--store");
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            return new Settings(url == null || url.isBlank() ? null : serviceUri(url.strip()), dialect(dialect),
                    appKey == null || appKey.isBlank() ? null : appKey.strip(),
                    token == null || token.isBlank() ? null : token.strip(),
                    store == null || store.isBlank() ? null : Path.of(store.strip()), help);
        }

        private static ProtocolDialect dialect(String name) {
            if (name == null || name.isBlank()) {
                return ProtocolDialect.MOBILE_APPS;
            }
            try {
                return ProtocolDialect.valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown dialect " + name + ": use MOBILE_APPS, DATASYNC or"
                        + " MOBILE_SERVICES", e);
            }
        }

        private static String value(String[] args, int index, String name) {
            if (index >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[index];
        }

        private static URI serviceUri(String text) {
            try {
                URI uri = new URI(text);
                if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("the server URL must be an http or https URL, was " + text);
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the server URL is not a URL: " + e.getMessage(), e);
            }
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Opens the window and returns 0, or prints why not and returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = Settings.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (settings.help()) {
            out.println(USAGE);
            return 0;
        }
        if (GraphicsEnvironment.isHeadless()) {
            err.println("No display: the gui needs a desktop session (DISPLAY unset?). Under Xvfb: "
                    + "Xvfb :99 & DISPLAY=:99 java -jar todo.jar gui. `java -jar todo.jar demo` runs without one.");
            return 2;
        }
        FakeTableService local = settings.url() == null ? startLocalService(settings.dialect()) : null;
        URI service = local != null ? local.uri() : settings.url();
        TodoController controller;
        try {
            String appKey = local != null ? local.applicationKey() : settings.applicationKey();
            controller = new TodoController(service, settings.dialect(), appKey, settings.token(),
                    openStore(settings, local != null),
                    SwingUtilities::invokeLater,
                    Clock.systemUTC());
        } catch (SyncException e) {
            err.println("Cannot start: " + e.getMessage());
            if (local != null) {
                local.close();
            }
            return 1;
        }
        out.println("Todo app: server " + service + (local != null ? " (in-process)" : ""));
        SwingUtilities.invokeLater(() -> show(controller, service, local));
        return 0;
    }

    private static void show(TodoController controller, URI service, FakeTableService local) {
        TodoFrame frame = new TodoFrame(controller, "Todo — offlinesync (" + service + ")");
        if (local != null) {
            frame.setJMenuBar(LocalServerMenu.create(frame, local));
        }
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                Thread shutdown = new Thread(() -> {
                    controller.close();
                    if (local != null) {
                        local.close();
                    }
                    LOG.log(System.Logger.Level.INFO, "Todo app closed");
                }, "todo-shutdown");
                shutdown.start();
            }
        });
        frame.setVisible(true);
        controller.refresh();
    }

    private static FakeTableService startLocalService(ProtocolDialect dialect) {
        FakeTableService service = FakeTableService.start(dialect).defineTable(TodoController.TABLE);
        for (String text : new String[] {"Double-click to edit me", "Use the Server menu to make a conflict"}) {
            ObjectNode item = JsonNodeFactory.instance.objectNode();
            item.put("text", text);
            item.put("complete", false);
            service.insertDirect(TodoController.TABLE, item);
        }
        return service;
    }
}

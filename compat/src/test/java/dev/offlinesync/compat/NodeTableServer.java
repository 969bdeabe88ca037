package dev.offlinesync.compat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Azure Mobile Apps Node server ({@code compat/node/server.js}: azure-mobile-apps 4.0.2 on Express 4,
 * sqlite3 data provider) run as a child process, bound to 127.0.0.1, for tests against a real table service.
 *
 * <p>Use {@link NodeServerExtension} in tests: it starts one server per test class and skips (or, with
 * {@code CI=true}, fails) when the server is not installed. {@code compat/node/install.sh} installs it.
 *
 * <h2>Tables</h2>
 * <ul>
 *   <li>{@code TodoItem}: soft delete; {@code text} string, {@code complete} boolean.</li>
 *   <li>{@code TypedItem}: soft delete; {@code title} string, {@code done} boolean, {@code amount} number,
 *       {@code due} date, {@code note} string.</li>
 *   <li>{@code PlainItem}: no soft delete (a DELETE removes the row); {@code text} string.</li>
 * </ul>
 * The schema is fixed ({@code dynamicSchema: false}): a property that is not a column is a 500 whose body is
 * {@code {"error":"SQLITE_ERROR: table T has no column named x"}}. The tables, their triggers and the
 * {@code __types} rows are created at startup, so a GET on an empty table is a 200 with {@code []}.
 *
 * <h2>How the sqlite provider stores rows (for {@link #executeSql} and {@link #querySql})</h2>
 * <ul>
 *   <li>One SQLite table per table, same name ({@code [TodoItem]}), one column per property, same name.
 *       {@code id TEXT PRIMARY KEY} (lowercase uuid4 when the client sends none).</li>
 *   <li>{@code createdAt} and {@code updatedAt}: {@code TEXT NOT NULL}, always written by SQLite as
 *       {@code STRFTIME('%Y-%m-%dT%H:%M:%fZ','now')}, that is {@code 2026-11-23T23:05:13.261Z} (UTC, exactly
 *       3 fraction digits; see {@link #sqlTimestamp}). The API returns them in the same form. Text
 *       comparison orders them, as the server's {@code $filter}/{@code $orderby} on them do.</li>
 *   <li>{@code version}: {@code TEXT NOT NULL DEFAULT 1}, a per-row counter ({@code '1'}, {@code '2'}, ...);
 *       the API sends base64 of its text ({@code '1'} is {@code "MQ=="}), as body {@code version} and as
 *       {@code ETag: "MQ=="}.</li>
 *   <li>{@code deleted}: {@code INTEGER NOT NULL DEFAULT 0}, 1 after a soft delete (soft-delete tables only).
 *       Booleans are INTEGER 0/1, numbers REAL, strings TEXT, dates TEXT in ISO-8601 with milliseconds
 *       ({@code Date.toISOString()}).</li>
 *   <li>Trigger {@code TR_<table>}: {@code BEFORE UPDATE} (SQLite's default), sets {@code updatedAt} to now
 *       and {@code version = OLD.version + 1}. So <em>every</em> UPDATE, including one sent here, bumps the
 *       version; a column the statement sets itself keeps the statement's value: {@code UPDATE TodoItem SET
 *       updatedAt = ?} leaves exactly that updatedAt (and version + 1). One statement over many rows gives
 *       them all the same version bump and, if it sets updatedAt, the same timestamp.</li>
 *   <li>{@code __types(table, name, type)} lists each table's columns with the provider's types
 *       ({@code string, boolean, number, date}); the server reads it once and caches it.</li>
 *   <li>Journal mode is SQLite's default ({@code delete}); the server's connection has a 10 s busy
 *       timeout and so has the one opened here, so writes here wait for the server's and vice versa.</li>
 * </ul>
 */
public final class NodeTableServer implements AutoCloseable {

    /** How long {@link #start} waits for the {@code LISTENING <port>} line. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #stop} waits after SIGTERM before it kills the process. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern LISTENING = Pattern.compile("(?m)^LISTENING (\\d+)\\r?$");
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Environment variables azure-mobile-apps reads its configuration from: none may leak into the server. */
    private static final List<String> FOREIGN_ENV_PREFIXES = List.of("MS_", "SQLCONNSTR_", "SQLAZURECONNSTR_",
            "CUSTOMCONNSTR_", "WEBSITE_", "AZURE_STORAGE_");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "node-table-server-reaper"));
    }

    private final NodeInstallation installation;
    private final Path dbFile;
    private final Path logFile;
    private final SqliteFile sqlite;
    private Process process;
    private int port;

    private NodeTableServer(NodeInstallation installation, Path dbFile, Path logFile) {
        this.installation = installation;
        this.dbFile = dbFile;
        this.logFile = logFile;
        this.sqlite = new SqliteFile(dbFile);
    }

    /** Starts a server on a free port that keeps its tables in {@code dbFile} (created when missing). */
    public static NodeTableServer start(Path dbFile) {
        return start(dbFile, 0);
    }

    /**
     * Starts a server on {@code port} (0: a free one) that keeps its tables in {@code dbFile}.
     *
     * @throws NodeServerUnavailableException when Node or the installed server is missing, or the server does
     *     not print {@code LISTENING <port>} within {@link #START_TIMEOUT}; the message has the log's tail
     */
    public static NodeTableServer start(Path dbFile, int port) {
        NodeInstallation installation = NodeInstallation.locate();
        Path db = dbFile.toAbsolutePath();
        Path logDir = installation.logDirectory();
        String name = db.getFileName().toString().replaceFirst("\\.db$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        Path log = logDir.resolve(name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                + ".log");
        try {
            Files.createDirectories(logDir);
            if (db.getParent() != null) {
                Files.createDirectories(db.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir + " or the folder of " + db, e);
        }
        NodeTableServer server = new NodeTableServer(installation, db, log);
        server.launch(port);
        return server;
    }

    /** {@code http://127.0.0.1:PORT/}: table URIs are {@code uri().resolve("tables/TodoItem")}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The TCP port on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The server's SQLite database file. */
    public Path dbFile() {
        return dbFile;
    }

    /** The file that receives the server's stdout and stderr (under the module's {@code target/}). */
    public Path logFile() {
        return logFile;
    }

    /** The process id of the running server, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server: SIGTERM to its PID, then a kill if it has not exited after {@link #STOP_TIMEOUT}.
     * Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        if (!waitFor(p, STOP_TIMEOUT)) {
            p.destroyForcibly();
            waitFor(p, STOP_TIMEOUT);
        }
        LIVE.remove(p);
    }

    /** Kills the server at once (SIGKILL), as a crash would: requests in flight get a broken connection. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroyForcibly();
        waitFor(p, STOP_TIMEOUT);
        LIVE.remove(p);
    }

    /** Stops the server if it runs and starts it again on the same port with the same database file. */
    public synchronized void restart() {
        stop();
        launch(port);
    }

    /**
     * Runs one SQL statement on the server's database file behind the server's back (through sqlite-jdbc),
     * with {@code params} bound to its {@code ?} in order. See the class comment for the schema, and note the
     * update trigger bumps {@code version} on every UPDATE.
     *
     * @return the number of rows changed
     */
    public int executeSql(String sql, Object... params) {
        return sqlite.execute(sql, params);
    }

    /** Runs a query on the server's database file; each row maps column labels to JDBC values, in order. */
    public List<Map<String, Object>> querySql(String sql, Object... params) {
        return sqlite.query(sql, params);
    }

    /**
     * Deletes every row of every table the server defines (hard delete, behind the server's back), so a test
     * starts from empty tables without a restart. Versions and timestamps start over for new rows.
     */
    public void clearTables() {
        List<Map<String, Object>> tables = querySql("SELECT DISTINCT [table] AS name FROM __types");
        for (Map<String, Object> table : tables) {
            String name = String.valueOf(table.get("name"));
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalStateException("unexpected table name in __types: " + name);
            }
            executeSql("DELETE FROM [" + name + "]");
        }
    }

    /** The server's format for createdAt / updatedAt ({@code 2026-11-23T23:05:13.261Z}), for SQL parameters. */
    public static String sqlTimestamp(Instant instant) {
        return SQL_TIMESTAMP.format(instant);
    }

    /** The last {@code lines} lines of the server's log. */
    public String logTail(int lines) {
        return NodeInstallation.tail(logFile, lines);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "NodeTableServer[" + uri() + ", pid " + pid() + ", db " + dbFile + ", log " + logFile + "]";
    }

    private void launch(int requestedPort) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            long logOffset = logSize();
            Process p = spawn(requestedPort);
            Integer listening = awaitListening(p, logOffset, deadline);
            if (listening != null) {
                process = p;
                port = listening;
                return;
            }
            // Exited before listening. A port given back by a killed server can be busy for a moment: retry.
            String tail = logTail(40);
            boolean portBusy = requestedPort != 0 && tail.contains("EADDRINUSE");
            if (!portBusy || System.nanoTime() - deadline > 0) {
                throw new NodeServerUnavailableException("the Node table server exited with code " + p.exitValue()
                        + " before listening (log " + logFile + ")", tail);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private Process spawn(int requestedPort) {
        ProcessBuilder builder = new ProcessBuilder(installation.nodeExecutable(), "server.js")
                .directory(installation.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> FOREIGN_ENV_PREFIXES.stream()
                .anyMatch(prefix -> key.toUpperCase(Locale.ROOT).startsWith(prefix)));
        env.put("DB_FILE", dbFile.toString());
        env.put("PORT", Integer.toString(requestedPort));
        try {
            Process p = builder.start();
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            throw new NodeServerUnavailableException("cannot run '" + installation.nodeExecutable()
                    + " server.js' in " + installation.directory() + ": " + e.getMessage(), "");
        }
    }

    /** Polls the log (the server's stdout goes there) for this run's LISTENING line; null if it exited. */
    private Integer awaitListening(Process p, long logOffset, long deadline) {
        while (true) {
            Matcher m = LISTENING.matcher(readLogFrom(logOffset));
            if (m.find()) {
                return Integer.valueOf(m.group(1));
            }
            if (!p.isAlive()) {
                LIVE.remove(p);
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                p.destroyForcibly();
                waitFor(p, STOP_TIMEOUT);
                LIVE.remove(p);
                throw new NodeServerUnavailableException("the Node table server did not print 'LISTENING <port>' within "
                        + START_TIMEOUT.toSeconds() + " s (log " + logFile + ")", logTail(40));
            }
            sleep(Duration.ofMillis(20));
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + logFile, e);
        }
    }

    private String readLogFrom(long offset) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the Node table server (pid "
                    + p.pid() + ") to exit; it was killed", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Node table server", e);
        }
    }
}

package dev.offlinesync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real Azure Mobile Apps Node server ({@code compat/node/server.js}) as a child process on 127.0.0.1, its
 * {@code TypedItem} table seeded straight into its SQLite file: inserting rows one POST at a time would take
 * longer than the benchmark.
 */
final class NodeServer implements AutoCloseable {

    /** The server's table with the benchmark's columns (title, done, amount, due, note). */
    static final String TABLE = "TypedItem";

    private final Process process;
    private final URI uri;
    private final Path db;

    private NodeServer(Process process, URI uri, Path db) {
        this.process = process;
        this.uri = uri;
        this.db = db;
    }

    /**
     * Starts the server from {@code nodeDir} (the folder with server.js and node_modules) keeping its tables in
     * {@code folder}.
     */
    static NodeServer start(Path nodeDir, Path folder) throws IOException {
        if (!Files.isRegularFile(nodeDir.resolve("server.js"))) {
            throw new IOException(nodeDir.toAbsolutePath() + " has no server.js: run from the repository root or"
                    + " pass node=<compat/node folder>");
        }
        Path db = folder.resolve("node.db");
        ProcessBuilder builder = new ProcessBuilder("node", "server.js").directory(nodeDir.toFile())
                .redirectError(folder.resolve("node.log").toFile());
        builder.environment().put("DB_FILE", db.toAbsolutePath().toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("LOG_LEVEL", "warn");
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("the Node server did not start (" + line + "); see " + folder.resolve("node.log"));
        }
        URI uri = URI.create("http://127.0.0.1:" + line.substring("LISTENING ".length()).trim() + "/");
        return new NodeServer(process, uri, db);
    }

    URI uri() {
        return uri;
    }

    /**
     * Writes {@code rows} rows into the server's file, as the server stores them (dates as ISO text, booleans
     * as 0/1, version '1'), and indexes them by (updatedAt, id) as a real deployment would for keyset pages.
     */
    void seed(int rows) throws SQLException {
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db.toAbsolutePath(), new Properties())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("CREATE INDEX IF NOT EXISTS bench_updated ON " + TABLE + " (updatedAt, id)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (id, createdAt, updatedAt,"
                    + " version, deleted, title, done, amount, due, note) VALUES (?, ?, ?, '1', 0, ?, ?, ?, ?, ?)")) {
                for (int n = 0; n < rows; n++) {
                    String at = WireRows.format(WireRows.updatedAt(n));
                    insert.setString(1, WireRows.id(WireRows.Ids.RANDOM, n));
                    insert.setString(2, at);
                    insert.setString(3, at);
                    insert.setString(4, "#" + n + " " + WireRows.TITLE);
                    insert.setInt(5, n % 3 == 0 ? 1 : 0);
                    insert.setDouble(6, n * 0.25);
                    insert.setString(7, WireRows.format(WireRows.BASE.toEpochMilli() + n * 1000L));
                    insert.setString(8, WireRows.NOTE);
                    insert.addBatch();
                    if (n % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    @Override
    public void close() throws java.io.InterruptedIOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while stopping the Node server");
        }
    }
}

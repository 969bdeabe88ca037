package dev.offlinesync.store.sqlite;

import dev.offlinesync.store.jdbc.ConnectionFactory;
import dev.offlinesync.store.jdbc.JdbcStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * A store in an SQLite database (sqlite-jdbc): a file that keeps everything across restarts and crashes, or a
 * private in-memory database.
 *
 * <pre>{@code
 * SyncClient client = SyncClient.builder(uri).store(SqliteStore.file(Path.of("app.db"))).build();
 * }</pre>
 *
 * <p>A file runs in WAL mode with {@code synchronous=NORMAL}: a committed write survives a crash or kill of the
 * process (a power cut may lose the last commits, never consistency). Writes take turns on one connection, so
 * threads never meet {@code SQLITE_BUSY}; reads use their own connections and do not wait for writes. Another
 * process may open the same file; a write or transaction takes the write lock when it begins
 * ({@code BEGIN IMMEDIATE}), so the processes' writes wait for each other up to the busy timeout (10 s) instead
 * of failing when one read first. Open each file once per process. Table names starting with {@code sqlite_}
 * (in any case) are SQLite's own and refused.
 */
public final class SqliteStore extends JdbcStore {

    /** How long a write waits for another process's write before failing. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private static final int READERS = 4;

    private SqliteStore(boolean file, ConnectionFactory connections, int readers, String description) {
        super(new SqliteDialect(file, BUSY_TIMEOUT), connections, readers, description);
    }

    /**
     * Opens the database file at this path, creating it when it does not exist (its folder must). The tables it
     * holds are upgraded when a table definition gains columns.
     *
     * @param path the database file
     * @return the open store; close it to close the database
     * @throws dev.offlinesync.spi.StoreException when the file cannot be opened or is not an offlinesync database
     */
    public static SqliteStore file(Path path) {
        Objects.requireNonNull(path, "path");
        Path absolute = path.toAbsolutePath();
        String url = "jdbc:sqlite:" + absolute;
        return new SqliteStore(true, () -> connect(url), READERS, "SQLite file " + absolute);
    }

    /**
     * A new, empty database in memory, private to this store and gone when it is closed. It has one connection:
     * reads and writes take turns.
     *
     * @return the open store
     */
    public static SqliteStore inMemory() {
        return new SqliteStore(false, () -> connect("jdbc:sqlite::memory:"), 0, "SQLite in-memory database");
    }

    private static java.sql.Connection connect(String url) throws java.sql.SQLException {
        Properties settings = new Properties();
        // The store never asks for generated keys; left on, the driver runs SELECT last_insert_rowid() as a new
        // statement after every INSERT, a local write's two included.
        settings.setProperty("jdbc.get_generated_keys", "false");
        return new org.sqlite.JDBC().connect(url, settings);
    }
}

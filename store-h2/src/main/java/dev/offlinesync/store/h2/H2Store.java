package dev.offlinesync.store.h2;

import dev.offlinesync.store.jdbc.ConnectionFactory;
import dev.offlinesync.store.jdbc.JdbcStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store in an embedded H2 database: a file that keeps everything across restarts and crashes, or a private
 * in-memory database.
 *
 * <pre>{@code
 * SyncClient client = SyncClient.builder(uri).store(H2Store.file(Path.of("data/app"))).build();
 * }</pre>
 *
 * <p>A file is written on every commit ({@code WRITE_DELAY=0}), so a committed write survives a crash or kill of
 * the process. Writes take turns on one connection (stores on one file in one process take turns with each other
 * too); reads use their own connections and see the last commit
 * (H2's MVCC). H2 lets one process open a file at a time.
 */
public final class H2Store extends JdbcStore {

    private static final int READERS = 4;
    private static final String FILE_SUFFIX = ".mv.db";
    /**
     * The write lock of each file opened in this process. H2 has no lock a transaction can take across connections,
     * so stores on one file take turns on one lock, as one store's writes do: a transaction that reads the highest
     * queue number and writes the next one is then never interleaved with another store's.
     */
    private static final ConcurrentHashMap<String, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

    private H2Store(ConnectionFactory connections, String description) {
        super(new H2Dialect(), connections, READERS, description);
    }

    /**
     * Opens the database at this path, creating it when it does not exist (its folder must). H2 names the file
     * {@code <path>.mv.db}; a path that already ends with {@code .mv.db} is taken as the file itself.
     *
     * @param path the database file, with or without {@code .mv.db}
     * @return the open store; close it to close the database
     * @throws dev.offlinesync.spi.StoreException when the file cannot be opened (in use by another process, say)
     */
    public static H2Store file(Path path) {
        Objects.requireNonNull(path, "path");
        String base = path.toAbsolutePath().toString();
        if (base.endsWith(FILE_SUFFIX)) {
            base = base.substring(0, base.length() - FILE_SUFFIX.length());
        }
        if (base.indexOf(';') >= 0) {
            throw new IllegalArgumentException("an H2 database path cannot contain ';': " + path);
        }
        String url = "jdbc:h2:file:" + base + ";WRITE_DELAY=0";
        ReentrantLock writeLock = FILE_LOCKS.computeIfAbsent(base, file -> new ReentrantLock());
        return new H2Store(new ConnectionFactory() {
            @Override
            public Connection open() throws SQLException {
                return connect(url);
            }

            @Override
            public ReentrantLock writeLock() {
                return writeLock;
            }
        }, "H2 file " + base + FILE_SUFFIX);
    }

    /**
     * A new, empty database in memory, private to this store and gone when it is closed.
     *
     * @return the open store
     */
    public static H2Store inMemory() {
        String url = "jdbc:h2:mem:offlinesync-" + UUID.randomUUID();
        return new H2Store(() -> connect(url), "H2 in-memory database");
    }

    private static Connection connect(String url) throws SQLException {
        return new org.h2.Driver().connect(url, new Properties());
    }
}

package dev.offlinesync.store.h2;

import dev.offlinesync.store.jdbc.ConnectionFactory;
import dev.offlinesync.store.jdbc.JdbcStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
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
     * The write lock of each file open in this process, with how many stores have it open; guarded by itself. H2 has
     * no lock a transaction can take across connections, so stores on one file take turns on one lock, as one
     * store's writes do: a transaction that reads the highest queue number and writes the next one is then never
     * interleaved with another store's. Keyed by the file's real path, so that every spelling of one file (a
     * {@code ..}, a symbolic link) finds the same lock; a file's entry goes when its last store closes.
     */
    private static final Map<Path, SharedLock> FILE_LOCKS = new HashMap<>();

    private static final System.Logger LOG = System.getLogger(H2Store.class.getName());

    /** A file's write lock and the number of open stores on the file. */
    private static final class SharedLock {
        final ReentrantLock lock = new ReentrantLock();
        int stores;
    }

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
        Path key = lockKey(Path.of(base + FILE_SUFFIX));
        ReentrantLock writeLock = takeLock(key);
        try {
            return new H2Store(new ConnectionFactory() {
                @Override
                public Connection open() throws SQLException {
                    return connect(url);
                }

                @Override
                public ReentrantLock writeLock() {
                    return writeLock;
                }

                @Override
                public void storeClosed() {
                    releaseLock(key);
                }
            }, "H2 file " + base + FILE_SUFFIX);
        } catch (RuntimeException e) {
            releaseLock(key); // the store never opened: nothing will close it
            throw e;
        }
    }

    /**
     * The file's real path when it exists; else the real path of its nearest folder that exists, with the rest of the
     * path after it (H2 makes the missing folders, which are then no links).
     */
    static Path lockKey(Path file) {
        Path absolute = file.toAbsolutePath();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                if (Files.exists(existing)) {
                    return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
                }
            } catch (IOException e) {
                // It went away, or cannot be read: try the folder above; H2 says what is wrong when it opens the file.
                LOG.log(System.Logger.Level.DEBUG, "no real path for " + existing, e);
            }
        }
        return absolute.normalize();
    }

    private static ReentrantLock takeLock(Path key) {
        synchronized (FILE_LOCKS) {
            SharedLock shared = FILE_LOCKS.computeIfAbsent(key, file -> new SharedLock());
            shared.stores++;
            return shared.lock;
        }
    }

    private static void releaseLock(Path key) {
        synchronized (FILE_LOCKS) {
            SharedLock shared = FILE_LOCKS.get(key);
            if (shared != null && --shared.stores == 0) {
                FILE_LOCKS.remove(key);
            }
        }
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

    /** How many files this process keeps a write lock for. */
    static int filesWithWriteLock() {
        synchronized (FILE_LOCKS) {
            return FILE_LOCKS.size();
        }
    }

    private static Connection connect(String url) throws SQLException {
        return new org.h2.Driver().connect(url, new Properties());
    }
}

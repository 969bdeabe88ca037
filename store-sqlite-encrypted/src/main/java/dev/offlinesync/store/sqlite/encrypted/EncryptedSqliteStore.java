package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.store.jdbc.JdbcStore;
import dev.offlinesync.store.sqlite.SqliteDialect;
import dev.offlinesync.store.sqlite.SqliteStore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A store in an SQLite database file that is encrypted with a key: without the key the file, its WAL and its
 * journal are random bytes. Everything else is as for {@link SqliteStore#file} (WAL, durability, threads, several
 * processes, schema upgrades).
 *
 * <pre>{@code
 * SyncClient client = SyncClient.builder(uri)
 *         .store(EncryptedSqliteStore.builder().file(Path.of("app.db")).key(passphrase).build())
 *         .build();
 * }</pre>
 *
 * <p>The file is encrypted by SQLite3 Multiple Ciphers (through its sqlite-jdbc build, which replaces
 * {@code org.xerial:sqlite-jdbc}: both bring the classes {@code org.sqlite.*}, so an application has only one of
 * them) with ChaCha20-Poly1305: each page has its own authentication tag, so a changed or damaged page is detected,
 * and the key is stretched with PBKDF2-SHA256 (64,007 iterations, a random salt per file) each time a connection
 * opens. The key is any non-empty text or bytes; the same text opens the file in other SQLite3 Multiple Ciphers
 * tools ({@code PRAGMA cipher = 'chacha20'; PRAGMA key = '...'}).
 *
 * <p>A wrong key fails {@link Builder#build()} with a {@link WrongKeyException}; an unencrypted SQLite file is
 * refused with a {@code StoreException}. The key is never logged or put in a message. The builder hands its copy
 * to the store it builds; the store keeps it while open to open more connections and zeroes it when closed (the
 * driver keeps it as text for each connection, out of reach).
 */
public final class EncryptedSqliteStore extends JdbcStore {

    /** How long a write waits for another process's write before failing (as for {@link SqliteStore}). */
    public static final Duration BUSY_TIMEOUT = SqliteStore.BUSY_TIMEOUT;

    private static final int READERS = 4;

    private final KeyedConnections connections;

    private EncryptedSqliteStore(KeyedConnections connections) {
        super(SqliteDialect.forFile(BUSY_TIMEOUT), connections, READERS, connections.description());
        this.connections = connections;
    }

    /** Opens this store's connections, and holds its key until it closes. */
    KeyedConnections connections() {
        return connections;
    }

    /** {@return a builder; {@link Builder#file} and {@link Builder#key} are required} */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an {@link EncryptedSqliteStore}. Not thread-safe. */
    public static final class Builder {

        private Path file;
        private byte[] key;

        private Builder() {
        }

        /**
         * The database file, created (encrypted) when it does not exist; its folder must exist. The tables it holds
         * are upgraded when a table definition gains columns.
         *
         * @param file the database file
         * @return this builder
         */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
            return this;
        }

        /**
         * The key, as characters (taken as UTF-8). They are copied: the caller may wipe its array after this call.
         *
         * @param key the key's characters
         * @return this builder
         * @throws IllegalArgumentException when it is empty (SQLite would then leave the file unencrypted)
         */
        public Builder key(char[] key) {
            Objects.requireNonNull(key, "key");
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(key));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Arrays.fill(encoded.array(), (byte) 0);
            return key(bytes);
        }

        /**
         * The key, as text (taken as UTF-8). Prefer {@link #key(char[])} for a passphrase the user typed, which can
         * be wiped after use.
         *
         * @param key the key
         * @return this builder
         * @throws IllegalArgumentException when it is empty (SQLite would then leave the file unencrypted)
         */
        public Builder key(String key) {
            char[] chars = Objects.requireNonNull(key, "key").toCharArray();
            try {
                return key(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }

        private Builder key(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("The key is empty, which would leave the file unencrypted: give a"
                        + " non-empty key");
            }
            if (this.key != null) {
                Arrays.fill(this.key, (byte) 0);
            }
            this.key = bytes;
            return this;
        }

        /**
         * Opens the file with the key. The key goes to the store (which zeroes it when closed) and the builder
         * keeps none: set it again to build another store.
         *
         * @return the open store; close it to close the database
         * @throws IllegalStateException when the file or the key was not set
         * @throws WrongKeyException when the file cannot be decrypted with the key (the key is wrong, or the file is
         *                           not an encrypted offlinesync store)
         * @throws dev.offlinesync.spi.StoreException when the file is an unencrypted SQLite database, cannot be opened, or
         *                                        is not an offlinesync database
         */
        public EncryptedSqliteStore build() {
            if (file == null) {
                throw new IllegalStateException("No file was set: call file(Path) before build()");
            }
            if (key == null) {
                throw new IllegalStateException("No key was set: call key(char[]) or key(String) before build() (each"
                        + " build() takes the key it was given)");
            }
            KeyedConnections connections = new KeyedConnections(file, key);
            key = null;
            try {
                connections.refusePlainDatabase();
                return new EncryptedSqliteStore(connections);
            } catch (RuntimeException e) {
                connections.storeClosed();
                throw e;
            }
        }
    }
}

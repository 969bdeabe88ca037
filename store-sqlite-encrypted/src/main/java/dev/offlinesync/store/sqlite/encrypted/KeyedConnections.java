package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.store.jdbc.ConnectionFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

/**
 * Opens connections to one encrypted file with its key, and tells a wrong key from a damaged file. The key is kept
 * until the store closes, then zeroed; no connection opens after that.
 */
final class KeyedConnections implements ConnectionFactory {

    /** The first 16 bytes of every unencrypted SQLite database; an encrypted file starts with its random salt. */
    private static final byte[] PLAIN_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_NOTADB = 26;
    /** SQLite3 Multiple Ciphers' ChaCha20-Poly1305 scheme, with its default key derivation. */
    private static final String CIPHER = "chacha20";

    private final Path file;
    private final byte[] key;
    private final String description;
    /** Guarded by {@code this}, with the key's bytes. */
    private boolean closed;

    /** @param key the key's bytes; kept, not copied, and zeroed when the store closes */
    KeyedConnections(Path file, byte[] key) {
        this.file = file;
        this.key = key;
        this.description = "encrypted SQLite file " + file;
    }

    String description() {
        return description;
    }

    /** The key's bytes themselves (not a copy): what is left of the key in this object's memory. */
    byte[] key() {
        return key;
    }

    /** Zeroes the key: the store no longer opens connections. */
    @Override
    public synchronized void storeClosed() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    /** The key as the driver takes it, or a refusal once the key is gone. */
    private synchronized String hexKey() {
        if (closed) {
            throw new StoreException(description + " is closed and its key wiped from memory, so it opens no more"
                    + " connections: open the store again with its key");
        }
        return hex(key);
    }

    /**
     * Refuses an unencrypted SQLite database before it is opened: with a key, the driver would not read it either,
     * and the message would blame the key.
     */
    void refusePlainDatabase() {
        byte[] header = new byte[PLAIN_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new StoreException(description + ": could not read the file (" + e.getMessage()
                    + "): check that it is readable", e);
        }
        if (read == header.length && Arrays.equals(header, PLAIN_HEADER)) {
            throw new StoreException(description + " is a plain, unencrypted SQLite database, which an encrypted"
                    + " store does not open: open it with SqliteStore, or copy its data into a new encrypted file");
        }
    }

    @Override
    public Connection open() throws SQLException {
        // The driver's connection properties (as in its URLs) rather than its Java configuration classes, which its
        // module does not export. The driver sets the cipher and the key before it runs anything else. The key
        // goes as hex, so no character of it needs quoting; SQLite3 Multiple Ciphers takes it as the same key as
        // the text itself (its UTF-8 bytes).
        Properties properties = new Properties();
        properties.setProperty("cipher", CIPHER);
        properties.setProperty("hexkey_mode", "SSE");
        properties.setProperty("key", hexKey());
        try {
            return checked(new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, properties));
        } catch (SQLException e) {
            // A page read with a wrong key fails its authentication tag, which SQLite reports as SQLITE_NOTADB:
            // while connecting for an existing file, at the first read for a new one. Both come before the
            // store's own set-up, which would call the file damaged.
            if ((e.getErrorCode() & 0xff) == SQLITE_NOTADB) {
                throw new WrongKeyException(description, e);
            }
            throw e;
        }
    }

    private static Connection checked(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            rows.next();
            return connection;
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static String hex(byte[] bytes) {
        char[] digits = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            digits[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            digits[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        String text = new String(digits);
        Arrays.fill(digits, '\0');
        return text;
    }
}

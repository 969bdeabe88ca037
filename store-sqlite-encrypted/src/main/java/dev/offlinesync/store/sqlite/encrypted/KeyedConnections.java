package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.StoreException;
import dev.offlinesync.store.jdbc.ConnectionFactory;
import org.sqlite.mc.SQLiteMCChacha20Config;

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
 * Opens connections to one encrypted file with its key. The first read of a page tells a wrong key (the page fails
 * its authentication tag, which SQLite reports as {@code SQLITE_NOTADB}); it happens here, before the store's own
 * set-up, which would report it as a damaged file.
 */
final class KeyedConnections implements ConnectionFactory {

    /** The first 16 bytes of every unencrypted SQLite database; an encrypted file starts with its random salt. */
    private static final byte[] PLAIN_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_NOTADB = 26;

    private final Path file;
    private final byte[] key;
    private final String description;

    /** @param key the key's bytes; kept, not copied */
    KeyedConnections(Path file, byte[] key) {
        this.file = file;
        this.key = key;
        this.description = "encrypted SQLite file " + file;
    }

    String description() {
        return description;
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
        // The key goes to the driver as hex, so no character of it needs quoting in the PRAGMA the driver runs;
        // SQLite3 Multiple Ciphers treats it as the same key as the text itself (its UTF-8 bytes).
        Properties properties = SQLiteMCChacha20Config.getDefault().withHexKey(key).build().toProperties();
        try {
            return checked(new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, properties));
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xff) == SQLITE_NOTADB) {
                throw new WrongKeyException(description, e);
            }
            throw e;
        }
    }

    /**
     * Reads the schema once: the driver applies the key to an existing file when it connects, but to a file of
     * zero length (or one it has not read yet) only at the first read.
     */
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
}

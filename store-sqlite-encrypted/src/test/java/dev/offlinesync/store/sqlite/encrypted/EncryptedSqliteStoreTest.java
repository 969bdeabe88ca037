package dev.offlinesync.store.sqlite.encrypted;

import dev.offlinesync.spi.StoreException;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncryptedSqliteStoreTest {

    /** Text that must not appear in the file's bytes. */
    private static final String SECRET = "diagnosis: top-secret-marker";

    record Note(String id, String text) {
    }

    @TempDir
    Path dir;

    private SyncClient client(EncryptedSqliteStore store) {
        return SyncClient.builder(URI.create("http://127.0.0.1:9/")).store(store).build();
    }

    private Path fileWithOneNote(String key) {
        Path file = dir.resolve("notes.db");
        try (SyncClient client = client(EncryptedSqliteStore.builder().file(file).key(key).build())) {
            client.table("notes", Note.class).insert(new Note("n1", SECRET));
        }
        return file;
    }

    @Test
    void theFileAndItsWalHoldNoItemContentNeitherWhileOpenNorAfterClose() throws IOException {
        Path file = dir.resolve("notes.db");
        try (SyncClient client = client(Keys.open(file))) {
            SyncTable<Note> notes = client.table("notes", Note.class);
            for (int i = 0; i < 50; i++) {
                notes.insert(new Note("n" + i, SECRET + " " + i));
            }
            Path wal = dir.resolve("notes.db-wal");
            assertTrue(Files.size(wal) > 0, "the writes are in the WAL until a checkpoint");
            assertNoSecretIn(file);
            assertNoSecretIn(wal);
        }
        assertNoSecretIn(file);
        byte[] header = Arrays.copyOf(Files.readAllBytes(file), 16);
        assertFalse(new String(header, StandardCharsets.ISO_8859_1).startsWith("SQLite format 3"),
                "an encrypted file does not start with SQLite's plain header");
    }

    private static void assertNoSecretIn(Path file) throws IOException {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("top-secret-marker"), file + " holds item content in plain text");
        assertFalse(bytes.contains("notes"), file + " holds a table name in plain text");
    }

    @Test
    void theSameKeyOpensTheFileAgainWithItsItems() {
        Path file = fileWithOneNote("s3cret");
        char[] typed = "s3cret".toCharArray();
        EncryptedSqliteStore.Builder builder = EncryptedSqliteStore.builder().file(file).key(typed);
        Arrays.fill(typed, '\0');   // the builder copied it
        try (SyncClient client = client(builder.build())) {
            assertEquals(SECRET, client.table("notes", Note.class).lookup("n1").orElseThrow().text());
        }
    }

    @Test
    void aWrongKeyIsAWrongKeyExceptionThatSaysSoAndNamesNeitherKey() {
        Path file = fileWithOneNote("right-key-1234");
        WrongKeyException e = assertThrows(WrongKeyException.class,
                () -> EncryptedSqliteStore.builder().file(file).key("wrong-key-5678").build());
        assertTrue(e.getMessage().contains("the key is wrong"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String key : new String[] {"right-key-1234", "wrong-key-5678"}) {
            assertFalse(e.getMessage().contains(key), e.getMessage());
            assertFalse(e.getMessage().toLowerCase().contains(hex(key)), e.getMessage());
        }
        try (EncryptedSqliteStore store = EncryptedSqliteStore.builder().file(file).key("right-key-1234").build()) {
            assertTrue(store.lookup("notes", "n1").isPresent(), "a failed attempt leaves the file as it was");
        }
    }

    private static String hex(String key) {
        StringBuilder hex = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Test
    void withoutTheKeyNeitherSqliteStoreNorAPlainConnectionCanReadTheFile() {
        Path file = fileWithOneNote("s3cret");
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.file(file));
        assertTrue(e.getMessage().contains("not a database"), e.getMessage());
        SQLException plain = assertThrows(SQLException.class, () -> {
            try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties());
                 Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM sqlite_master").close();
            }
        });
        assertEquals(26, plain.getErrorCode() & 0xff, "SQLITE_NOTADB: " + plain.getMessage());
    }

    @Test
    void theSameTextOpensTheFileInOtherSqlite3MultipleCiphersTools() throws SQLException {
        Path file = fileWithOneNote("pä55wört");
        // The driver's text key: it runs PRAGMA cipher and PRAGMA key = 'pä55wört' before anything else.
        Properties textKey = new Properties();
        textKey.setProperty("cipher", "chacha20");
        textKey.setProperty("key", "pä55wört");
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, textKey);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT text FROM notes WHERE id = 'n1'")) {
            assertTrue(rows.next());
            assertEquals(SECRET, rows.getString(1));
        }
    }

    @Test
    void aFileOfOtherBytesIsNotTakenForAStoreWithAnotherKey() throws IOException {
        Path file = dir.resolve("noise.db");
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        Files.write(file, noise);
        WrongKeyException e = assertThrows(WrongKeyException.class, () -> Keys.open(file));
        assertTrue(e.getMessage().contains("not an encrypted offlinesync store"), e.getMessage());
        assertArrayEquals(noise, Files.readAllBytes(file), "the file is left as it was");
    }

    @Test
    void aByteChangedInTheFileIsDetectedInsteadOfRead() throws IOException {
        Path file = fileWithOneNote("s3cret");
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length >= 3 * 4096, "the file has several pages: " + bytes.length);
        for (int page = 1; page < bytes.length / 4096; page++) {
            bytes[page * 4096 + 100] ^= 0x01;   // one bit in the middle of every page after the first
        }
        Files.write(file, bytes);
        StoreException e = assertThrows(StoreException.class, () -> {
            try (EncryptedSqliteStore store = EncryptedSqliteStore.builder().file(file).key("s3cret").build()) {
                store.lookup("notes", "n1");
            }
        });
        assertFalse(e instanceof WrongKeyException, "the key is right; the file is damaged: " + e.getMessage());
        assertTrue(e.getMessage().contains("malformed") && e.getMessage().contains("not damaged"), e.getMessage());
    }

    @Test
    void aPlainSqliteFileIsRefusedAndLeftUnencrypted() throws IOException {
        Path file = dir.resolve("plain.db");
        SqliteStore.file(file).close();
        byte[] before = Files.readAllBytes(file);
        StoreException e = assertThrows(StoreException.class, () -> Keys.open(file));
        assertFalse(e instanceof WrongKeyException, "the key is not the problem");
        assertTrue(e.getMessage().contains("plain, unencrypted SQLite database"), e.getMessage());
        assertTrue(e.getMessage().contains("SqliteStore"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        SqliteStore.file(file).close();
    }

    @Test
    void anEmptyKeyIsRefusedBecauseItWouldLeaveTheFileUnencrypted() {
        EncryptedSqliteStore.Builder builder = EncryptedSqliteStore.builder().file(dir.resolve("empty.db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.key(""));
        assertTrue(e.getMessage().contains("unencrypted"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.key(new char[0]));
        assertFalse(Files.exists(dir.resolve("empty.db")));
    }

    @Test
    void buildNamesTheMissingSetting() {
        IllegalStateException noFile = assertThrows(IllegalStateException.class,
                () -> EncryptedSqliteStore.builder().key("k").build());
        assertTrue(noFile.getMessage().contains("file(Path)"), noFile.getMessage());
        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> EncryptedSqliteStore.builder().file(dir.resolve("x.db")).build());
        assertTrue(noKey.getMessage().contains("key("), noKey.getMessage());
    }

    @Test
    void aKeyOfAnyCharactersWorksAndTextAndCharsAreTheSameKey() {
        String key = "pä'ss\" word; --\u00e9😀";
        Path file = fileWithOneNote(key);
        try (EncryptedSqliteStore store = EncryptedSqliteStore.builder().file(file).key(key.toCharArray()).build()) {
            assertTrue(store.lookup("notes", "n1").isPresent());
            assertTrue(store.toString().contains(file.toString()));
            assertFalse(store.toString().contains("pä"), store.toString());
        }
    }
}

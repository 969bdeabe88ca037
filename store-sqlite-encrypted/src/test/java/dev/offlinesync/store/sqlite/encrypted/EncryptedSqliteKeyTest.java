package dev.offlinesync.store.sqlite.encrypted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long the store holds the key: while open, to open connections; wiped from its memory when closed. */
class EncryptedSqliteKeyTest {

    @TempDir
    Path dir;

    @Test
    void closingTheStoreZeroesItsCopyOfTheKeyAndRefusesNewConnections() {
        EncryptedSqliteStore store = Keys.open(dir.resolve("notes.db"));
        KeyedConnections connections = store.connections();
        byte[] key = connections.key();
        assertArrayEquals(Keys.KEY.getBytes(StandardCharsets.UTF_8), key, "the key, while the store is open");
        store.defineTable(new TableDefinition("notes", Map.of("text", ColumnType.STRING)));
        assertFalse(store.lookup("notes", "n1").isPresent(), "reads open reader connections with the key");

        store.close();

        assertArrayEquals(new byte[key.length], key, "the store's copy of the key is zeroed");
        StoreException refused = assertThrows(StoreException.class, connections::open);
        assertTrue(refused.getMessage().contains("is closed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("open the store again with its key"), refused.getMessage());
    }

    @Test
    void aBuilderHandsItsKeyToTheStoreSoBuildingAnotherStoreNeedsTheKeyAgain() {
        EncryptedSqliteStore.Builder builder = EncryptedSqliteStore.builder().file(dir.resolve("notes.db"))
                .key(Keys.KEY);
        builder.build().close();

        IllegalStateException again = assertThrows(IllegalStateException.class, builder::build);

        assertTrue(again.getMessage().contains("No key was set"), again.getMessage());
        builder.key(Keys.KEY).build().close();
    }
}

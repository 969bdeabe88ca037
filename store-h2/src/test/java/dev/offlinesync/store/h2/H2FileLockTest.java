package dev.offlinesync.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.StoreException;
import dev.offlinesync.spi.StoreQuery;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.spi.TableDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores of one process on one H2 file take turns on one write lock, however the file was named to them (a path
 * through {@code ..}, a symbolic link), and the lock is let go when the last store on the file closes.
 */
class H2FileLockTest {

    private static final TableDefinition QUEUE = new TableDefinition("numbered_queue",
            Map.of("sequence", ColumnType.INTEGER, "itemId", ColumnType.STRING));
    private static final int WRITES = 40;

    @TempDir
    Path dir;

    private static void writeNumbered(SyncContextDataSource store, String prefix) {
        for (int i = 0; i < WRITES; i++) {
            String id = prefix + i;
            store.transaction(ops -> ops.insertNumbered(QUEUE.name(), Map.of("id", id, "itemId", id), "sequence",
                    null));
        }
    }

    private static List<Long> numbers(SyncContextDataSource store) {
        List<Long> numbers = new ArrayList<>();
        for (Map<String, Object> row : store.read(StoreQuery.all(QUEUE.name())).rows()) {
            numbers.add((Long) row.get("sequence"));
        }
        numbers.sort(null);
        return numbers;
    }

    private void twoStoresWritingAtOnceNeverShareANumber(Path first, Path second) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (H2Store one = H2Store.file(first); H2Store other = H2Store.file(second)) {
            one.defineTable(QUEUE);
            other.defineTable(QUEUE);
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> writeNumbered(one, "one-"), pool);
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> writeNumbered(other, "other-"), pool);
            CompletableFuture.allOf(a, b).join();

            assertEquals(LongStream.rangeClosed(1, 2L * WRITES).boxed().toList(), numbers(one),
                    "every queued entry has a number of its own");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storesOpeningOneFileThroughADotDotPathNeverShareANumber() throws IOException {
        Files.createDirectories(dir.resolve("sub"));

        twoStoresWritingAtOnceNeverShareANumber(dir.resolve("app"), dir.resolve("sub").resolve("..").resolve("app"));
    }

    @Test
    void storesOpeningOneFileThroughALinkedFolderNeverShareANumber() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        twoStoresWritingAtOnceNeverShareANumber(real.resolve("app"), link.resolve("app"));
    }

    @Test
    void storesOpeningANewFileThroughALinkAboveAFolderNotMadeYetNeverShareANumber() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path linkToTop = Files.createSymbolicLink(dir.resolve("top"), dir);

        twoStoresWritingAtOnceNeverShareANumber(real.resolve("app"),
                linkToTop.resolve("real").resolve("missing").resolve("..").resolve("app"));
    }

    @Test
    void storesOpeningOneExistingFileThroughALinkToItNeverShareANumber() throws IOException {
        H2Store.file(dir.resolve("app")).close(); // the file exists
        Path link = Files.createSymbolicLink(dir.resolve("other.mv.db"), dir.resolve("app.mv.db"));

        twoStoresWritingAtOnceNeverShareANumber(dir.resolve("app"), link);
    }

    @Test
    void theLockOfAFileIsLetGoWhenItsLastStoreCloses() {
        int before = H2Store.filesWithWriteLock();
        H2Store first = H2Store.file(dir.resolve("app"));
        H2Store second = H2Store.file(dir.resolve("app.mv.db"));
        H2Store.file(dir.resolve("other")).close();
        assertEquals(before + 1, H2Store.filesWithWriteLock(), "one lock for the file still open, none for the closed");

        first.close();
        assertEquals(before + 1, H2Store.filesWithWriteLock(), "the second store still writes on it");
        second.close();
        second.close();

        assertEquals(before, H2Store.filesWithWriteLock(), "no lock is kept for a file no store has open");
    }

    @Test
    void aFileThatCannotBeOpenedKeepsNoLock() throws IOException {
        Files.writeString(dir.resolve("app.mv.db"), "not a database");
        int before = H2Store.filesWithWriteLock();

        assertThrows(StoreException.class, () -> H2Store.file(dir.resolve("app")));

        assertEquals(before, H2Store.filesWithWriteLock());
    }
}

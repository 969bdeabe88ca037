package dev.offlinesync.store.sqlite;

import static dev.offlinesync.store.sqlite.OtherProcesses.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.OperationError;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.QueueRejectedException;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeTableService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app and another process (a background sync service, say) share one SQLite file: an error the app read
 * before the other process edited the item is refused, because the check is made against the file, not against
 * what the app's process holds.
 */
class SqliteErrorAcrossProcessesTest {

    @TempDir
    Path dir;

    @Test
    void anErrorReadBeforeAnotherProcessEditedTheItemIsRefused() throws Exception {
        Path file = dir.resolve("shared.db");
        try (FakeTableService service = FakeTableService.start(ProtocolDialect.MOBILE_APPS).defineTable("TodoItem");
             SyncClient app = SyncClient.builder(service.uri()).store(SqliteStore.file(file))
                     .applicationKey(service.applicationKey()).build()) {
            SyncTable<ObjectNode> todos = app.table("TodoItem");
            todos.insert(item("a", "mine"));
            app.syncContext().push().get(30, TimeUnit.SECONDS);
            service.updateDirect("TodoItem", "a", JsonNodeFactory.instance.objectNode().put("text", "theirs"));
            todos.update(item("a", "mine, edited"));
            ExecutionException push = assertThrows(ExecutionException.class,
                    () -> app.syncContext().push().get(30, TimeUnit.SECONDS));
            assertTrue(push.getCause() instanceof PushFailedException, "the push meets a conflict: " + push.getCause());
            OperationError readBefore = app.syncContext().errors().get(0);

            editInAnotherProcess(service.uri(), file, "edited in another process");

            QueueRejectedException refused = assertThrows(QueueRejectedException.class,
                    () -> readBefore.keepAndRetry(readBefore.clientItem()));
            assertTrue(refused.getMessage().contains("changed locally after the error was read"), refused.getMessage());
            assertThrows(QueueRejectedException.class, readBefore::cancelAndDiscard);
            assertEquals("edited in another process", todos.lookup("a").orElseThrow().get("text").asText());
            assertEquals(List.of(), app.syncContext().errors(), "the other process's edit superseded the error");
        }
    }

    private void editInAnotherProcess(URI service, Path file, String text) throws Exception {
        Path output = dir.resolve("editor.txt");
        Process editor = OtherProcesses.start(Editor.class, output, service.toString(), file.toString(), text);
        assertTrue(editor.waitFor(60, TimeUnit.SECONDS), "the other process finished");
        assertEquals(0, editor.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The other process: opens the file and edits item "a" locally (no request is made). */
    public static final class Editor {
        private Editor() {
        }

        /**
         * Edits item "a".
         *
         * @param args the service's address, the store file, the new text
         */
        public static void main(String[] args) {
            try (SyncClient client = SyncClient.builder(URI.create(args[0])).store(SqliteStore.file(Path.of(args[1])))
                    .build()) {
                client.table("TodoItem").update(item("a", args[2]));
            }
        }
    }
}

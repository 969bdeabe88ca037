package dev.offlinesync.examples;

import dev.offlinesync.Filter;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.memory.MemoryStore;
import java.net.URI;
import java.util.List;

/** The README's quick start, compiled and run by {@code QuickStartTest} so that it stays true. */
public final class QuickStart {

    // README:begin
    public record TodoItem(String id, String text, boolean complete) { }

    public static List<TodoItem> run(URI service) {
        try (SyncClient client = SyncClient.builder(service)       // e.g. https://my-app.azurewebsites.net/
                .store(new MemoryStore())                           // or SqliteStore / H2Store for a durable store
                .build()) {
            SyncTable<TodoItem> todos = client.table("TodoItem", TodoItem.class);

            todos.insert(new TodoItem(null, "buy milk", false));    // local write + queued insert, works offline
            client.syncContext().push().join();                     // send the queue to the server

            Query open = Query.all().where(Filter.eq("complete", false));
            todos.pull(open, "open-todos").join();                  // incremental pull (pushes pending changes first)
            return todos.read(open.orderBy("text")).items();        // read the local table
        }
    }
    // README:end

    private QuickStart() {
    }
}

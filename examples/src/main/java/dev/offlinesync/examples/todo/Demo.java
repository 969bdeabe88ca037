package dev.offlinesync.examples.todo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.ItemError;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.testkit.FakeTableService;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;

/**
 * The walkthrough in one process, headless: two devices against an in-process table service. Prints what
 * happens in plain words; exits 0 when every step behaved as the walkthrough says.
 */
public final class Demo {

    private final PrintStream out;
    private String resolution = "client";

    private final ProtocolDialect dialect;

    Demo(PrintStream out) {
        this(out, ProtocolDialect.MOBILE_APPS);
    }

    Demo(PrintStream out, ProtocolDialect dialect) {
        this.out = out;
        this.dialect = dialect;
    }

    /** {@code demo [--dialect MOBILE_APPS|DATASYNC|MOBILE_SERVICES]}: the in-process service speaks that protocol. */
    public static void main(String[] args) {
        ProtocolDialect dialect = ProtocolDialect.MOBILE_APPS;
        if (args.length == 2 && args[0].equals("--dialect")) {
            dialect = ProtocolDialect.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        } else if (args.length > 0) {
            System.err.println("usage: demo [--dialect MOBILE_APPS|DATASYNC|MOBILE_SERVICES]");
            System.exit(2);
        }
        new Demo(System.out, dialect).run();
    }

    void run() {
        try (FakeTableService service = FakeTableService.start(dialect).defineTable("TodoItem");
             SyncClient phone = device(service, "phone");
             SyncClient laptop = device(service, "laptop")) {
            SyncTable<ObjectNode> onPhone = phone.table("TodoItem");
            SyncTable<ObjectNode> onLaptop = laptop.table("TodoItem");
            // the laptop answers the walkthrough's "Server Conflict" question; versions are the library's business
            onLaptop.onConflict(conflict -> switch (resolution) {
                case "client" -> conflict.useClient();
                case "server" -> conflict.useServer();
                default -> conflict.cancel();
            });
            Query open = Query.all().where(Filter.eq("complete", false));

            say("1. The phone is offline and adds three items.");
            for (String text : new String[] {"buy milk", "call mom", "water plants"}) {
                onPhone.insert(todo(null, text));
            }
            say("   phone: %d items locally, %d changes queued; server: %d items",
                    onPhone.read(Query.all()).items().size(), phone.syncContext().pendingOperationCount(),
                    service.items("TodoItem", false).size());

            say("2. Back online, the phone refreshes: a pull pushes its queue first.");
            onPhone.pull(open, "open").join();
            say("   phone: %d changes queued; server: %d items", phone.syncContext().pendingOperationCount(),
                    service.items("TodoItem", false).size());

            say("3. The laptop pulls the open items.");
            PullResult first = onLaptop.pull(open, "open").join();
            say("   laptop received %d items in %d request(s)", first.received(), first.requests());

            say("4. Both devices edit the same items; the phone pushes first, then the laptop conflicts.");
            String[] choices = {"client", "server", "cancel"};
            for (int i = 0; i < choices.length; i++) {
                conflict(onPhone, onLaptop, phone, laptop, i, choices[i]);
            }

            say("5. The laptop deletes an item; the phone's next pull removes it.");
            ObjectNode doomed = onLaptop.read(open.orderBy("text")).items().get(0);
            onLaptop.deleteById(doomed.get("id").asText());
            laptop.syncContext().push().join();
            PullResult afterDelete = onPhone.pull(open, "open").join();
            say("   '%s' deleted: phone removed %d row(s)", doomed.get("text").asText(), afterDelete.deleted());

            say("6. Someone adds 2,000 items on the server; the phone pulls them.");
            for (int i = 0; i < 2000; i++) {
                service.insertDirect("TodoItem", todo(null, String.format("bulk item %04d", i)));
            }
            PullResult bulk = onPhone.pull(open, "open", PullOptions.defaults().withPageSize(200)
                    .withProgress(p -> progress(p.received(), 2000))).join();
            out.println();
            say("   %d items in %d requests; the phone now has %d open items", bulk.received(), bulk.requests(),
                    onPhone.read(open.includeTotalCount().top(0)).totalCount());
            say("Done: every step behaved as the walkthrough says.");
        }
    }

    private void conflict(SyncTable<ObjectNode> onPhone, SyncTable<ObjectNode> onLaptop, SyncClient phone,
                          SyncClient laptop, int index, String choice) {
        ObjectNode item = onLaptop.read(Query.all().where(Filter.eq("complete", false)).orderBy("text")).items()
                .get(index);
        String id = item.get("id").asText();
        onPhone.update(todo(id, item.get("text").asText() + " (phone)"));
        phone.syncContext().push().join();
        onLaptop.update(todo(id, item.get("text").asText() + " (laptop)"));
        resolution = choice;
        try {
            laptop.syncContext().push().join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof PushFailedException failed)) {
                throw e;
            }
            say("   laptop cancelled the push (%s): %d change(s) stay queued with their edits",
                    failed.result().abortReason(), laptop.syncContext().pendingOperationCount());
            onLaptop.errors().forEach(ItemError::useServer);
            say("   later the laptop resolves it by taking the server's item");
        }
        String server = onLaptop.lookup(id).map(n -> n.get("text").asText()).orElse("?");
        String button = switch (choice) {
            case "client" -> "Use Client";
            case "server" -> "Use Server";
            default -> "Cancel";
        };
        say("   Server Conflict on '%s' - laptop chose %s -> laptop now shows '%s'", item.get("text").asText(),
                button, server);
    }

    private SyncClient device(FakeTableService service, String name) {
        return SyncClient.builder(service.uri()).dialect(dialect).applicationKey(service.applicationKey())
                .store(new MemoryStore()).build();
    }

    private void progress(long done, long total) {
        int width = 40;
        int filled = (int) Math.min(width, done * width / total);
        out.print("\r   [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        out.flush();
    }

    private static ObjectNode todo(String id, String text) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        if (id != null) {
            item.put("id", id);
        }
        item.put("text", text);
        item.put("complete", false);
        return item;
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
    }
}

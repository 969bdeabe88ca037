package dev.offlinesync.compat;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.offlinesync.testkit.FakeTableService;
import org.junit.jupiter.api.AfterEach;

/**
 * The shared protocol exchanges against testkit's in-process {@link FakeTableService}, set up with the Node
 * server's tables. Runs everywhere (no Node needed).
 */
class FakeServiceProtocolTest extends TableProtocolExchanges {

    private final FakeTableService service = FakeTableService.start()
            .defineTable("TodoItem")
            .defineTable("PlainItem", false);

    @AfterEach
    void stopService() {
        service.close();
    }

    @Override
    URI service() {
        return service.uri();
    }

    @Override
    void emptyTables() {
        // a new service for each exchange
    }

    @Override
    void setUpdatedAt(List<String> ids, Instant updatedAt) {
        service.setUpdatedAt("TodoItem", ids, updatedAt);
    }

    /** The fake implements them (case-sensitive): a documented difference from the Node server on SQLite. */
    @Override
    boolean stringFunctionsMatch() {
        return true;
    }
}

package dev.offlinesync.store.sqlite;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.testkit.FakeTableService;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of one SQLite file that clients and processes share, pushing to a fake service with a TodoItem table. */
abstract class SharedFileTest {

    @TempDir
    Path dir;
    /** The shared store file. */
    Path file;
    FakeTableService service;

    @BeforeEach
    void startService() {
        service = FakeTableService.start(ProtocolDialect.MOBILE_APPS).defineTable("TodoItem");
        file = dir.resolve("shared.db");
    }

    @AfterEach
    void stopService() {
        service.close();
    }
}

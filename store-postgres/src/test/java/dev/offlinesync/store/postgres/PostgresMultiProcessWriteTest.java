package dev.offlinesync.store.postgres;

import dev.offlinesync.store.jdbc.MultiProcessWriteTest;
import dev.offlinesync.store.jdbc.StoreOpener;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

/** Two JVMs on one schema: without the advisory lock, their read-then-write transactions lose counts. */
@ExtendWith(PostgresServerExtension.class)
class PostgresMultiProcessWriteTest extends MultiProcessWriteTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return PostgresOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("shared");
    }
}

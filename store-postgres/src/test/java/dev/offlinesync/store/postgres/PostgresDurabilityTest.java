package dev.offlinesync.store.postgres;

import dev.offlinesync.store.jdbc.StoreDurabilityTest;
import dev.offlinesync.store.jdbc.StoreOpener;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

@ExtendWith(PostgresServerExtension.class)
class PostgresDurabilityTest extends StoreDurabilityTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return PostgresOpener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("crash");
    }
}

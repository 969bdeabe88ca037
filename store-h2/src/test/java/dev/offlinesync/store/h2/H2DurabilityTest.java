package dev.offlinesync.store.h2;

import dev.offlinesync.store.jdbc.StoreDurabilityTest;
import dev.offlinesync.store.jdbc.StoreOpener;

import java.nio.file.Path;

class H2DurabilityTest extends StoreDurabilityTest {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return H2Opener.class;
    }

    @Override
    protected Path storePath(Path folder) {
        return folder.resolve("crash");
    }
}

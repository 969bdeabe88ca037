package dev.offlinesync.store.sqlite.encrypted;

import java.nio.file.Path;

/** The key the shared suites open their encrypted files with. */
final class Keys {

    static final String KEY = "correct horse battery staple";

    private Keys() {
    }

    static EncryptedSqliteStore open(Path file) {
        return EncryptedSqliteStore.builder().file(file).key(KEY).build();
    }
}

package dev.offlinesync.store.sqlite.encrypted;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The key the shared suites open their encrypted files with. */
final class Keys {

    static final String KEY = "correct horse battery staple";

    private Keys() {
    }

    static EncryptedSqliteStore open(Path file) {
        return EncryptedSqliteStore.builder().file(file).key(KEY).build();
    }

    /** A JDBC connection to the file with the key, for looking at it behind the store's back. */
    static Connection connect(Path file) throws SQLException {
        return new KeyedConnections(file.toAbsolutePath(), KEY.getBytes(StandardCharsets.UTF_8)).open();
    }
}

/**
 * The encrypted SQLite store: {@link dev.offlinesync.store.sqlite.encrypted.EncryptedSqliteStore}, with the
 * SQLite3 Multiple Ciphers build of sqlite-jdbc (which keeps the module name {@code org.xerial.sqlitejdbc}).
 */
module dev.offlinesync.store.sqlite.encrypted {
    // The store is a JdbcStore (and so a SyncContextDataSource); its SQL is the SQLite store's dialect.
    requires transitive dev.offlinesync.store.jdbc;
    requires dev.offlinesync.store.sqlite;
    requires org.xerial.sqlitejdbc;

    exports dev.offlinesync.store.sqlite.encrypted;
}

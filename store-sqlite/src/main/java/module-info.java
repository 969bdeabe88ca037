/** The SQLite store: {@link dev.offlinesync.store.sqlite.SqliteStore}, with the sqlite-jdbc driver. */
module dev.offlinesync.store.sqlite {
    requires transitive dev.offlinesync.store.jdbc;
    // The driver is found through DriverManager; requiring it puts it in the module graph.
    requires org.xerial.sqlitejdbc;

    exports dev.offlinesync.store.sqlite;
}

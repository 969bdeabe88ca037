/** The JDBC store that the SQLite, H2 and PostgreSQL stores are built on, and its dialect interface. */
module dev.offlinesync.store.jdbc {
    requires transitive dev.offlinesync;
    // Connections and data sources appear in the builders and the dialect interface.
    requires transitive java.sql;
    requires com.fasterxml.jackson.core;

    exports dev.offlinesync.store.jdbc;
}

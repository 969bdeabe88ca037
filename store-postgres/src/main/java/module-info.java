/** The PostgreSQL store: {@link dev.offlinesync.store.postgres.PostgresStore}, with the PostgreSQL driver. */
@SuppressWarnings("requires-automatic") // pgJDBC ships no module descriptor; its Automatic-Module-Name is stable.
module dev.offlinesync.store.postgres {
    requires transitive dev.offlinesync.store.jdbc;
    // The driver is found through DriverManager; requiring it puts it in the module graph.
    requires org.postgresql.jdbc;

    exports dev.offlinesync.store.postgres;
}

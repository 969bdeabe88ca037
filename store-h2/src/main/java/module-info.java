/** The H2 store: {@link dev.offlinesync.store.h2.H2Store}, with the H2 driver. */
// H2 ships no module descriptor (its Automatic-Module-Name is stable), and the module is named for its package,
// "h2" digit and all.
@SuppressWarnings({"requires-automatic", "module"})
module dev.offlinesync.store.h2 {
    requires transitive dev.offlinesync.store.jdbc;
    // The driver is found through DriverManager; requiring it puts it in the module graph.
    requires com.h2database;

    exports dev.offlinesync.store.h2;
}

/** The in-memory store: {@link dev.offlinesync.store.memory.MemoryStore}. */
module dev.offlinesync.store.memory {
    requires transitive dev.offlinesync;

    exports dev.offlinesync.store.memory;
}

package dev.offlinesync.store.jdbc;

import dev.offlinesync.spi.SyncContextDataSource;

import java.nio.file.Path;

/**
 * Opens a persistent store at a path. The shared store tests take one, by class name where a child JVM needs
 * it, so implementations are public with a public no-argument constructor.
 */
public interface StoreOpener {

    SyncContextDataSource open(Path path);
}

/**
 * The encrypted SQLite store: {@link dev.offlinesync.store.sqlite.encrypted.EncryptedSqliteStore}, the SQLite store
 * on a database file that is encrypted with a key (SQLite3 Multiple Ciphers, ChaCha20-Poly1305).
 */
package dev.offlinesync.store.sqlite.encrypted;

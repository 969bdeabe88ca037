package dev.offlinesync.spi;

/**
 * The type of a column in a local table. Values reach a store as these Java types only:
 *
 * <table>
 *   <caption>column types and their Java values</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>{@link #STRING}</td><td>{@link String}</td></tr>
 *   <tr><td>{@link #INTEGER}</td><td>{@link Long}</td></tr>
 *   <tr><td>{@link #REAL}</td><td>{@link Double}</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@link #DATE}</td><td>{@link java.time.Instant} (millisecond precision)</td></tr>
 *   <tr><td>{@link #JSON}</td><td>{@link java.util.List} or {@link java.util.Map} of the types above</td></tr>
 * </table>
 *
 * Any column may hold {@code null}.
 */
public enum ColumnType {
    STRING, INTEGER, REAL, BOOLEAN, DATE, JSON
}

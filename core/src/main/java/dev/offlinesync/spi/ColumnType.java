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
    /** Text: {@code String}. */
    STRING("java.lang.String"),
    /** A 64-bit integer: {@code Long}. */
    INTEGER("java.lang.Long"),
    /** A double: {@code Double}. */
    REAL("java.lang.Double"),
    /** {@code Boolean}. */
    BOOLEAN("java.lang.Boolean"),
    /** A point in time at millisecond precision: {@code Instant}. */
    DATE("java.time.Instant"),
    /** A JSON object or array: {@code Map} or {@code List}. */
    JSON("java.util.Map or java.util.List");

    private final String javaType;

    ColumnType(String javaType) {
        this.javaType = javaType;
    }

    /**
     * Whether a non-null value is of this type's Java type (the table above).
     *
     * @param value a non-null value
     * @return {@code true} when a column of this type can hold it
     */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Long;
            case REAL -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof java.time.Instant;
            case JSON -> value instanceof java.util.Map<?, ?> || value instanceof java.util.List<?>;
        };
    }

    /** {@return the Java type this column holds, for error messages ("java.lang.Long")} */
    public String javaType() {
        return javaType;
    }
}

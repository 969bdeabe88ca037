package dev.offlinesync.spi;

/**
 * One key of an ordering. Nulls sort lowest: first when ascending, last when descending. Strings sort by
 * Unicode code point, numbers by value, booleans false before true, dates by instant.
 */
public record SortOrder(String field, boolean ascending) {
    /**
     * Checks the field's name.
     *
     * @param field     the field's name
     * @param ascending {@code true} for ascending
     */
    public SortOrder {
        TableDefinition.requireIdentifier(field, "field name");
    }

    /**
     * Ascending by a field.
     *
     * @param field the field's name
     * @return the order
     */
    public static SortOrder asc(String field) {
        return new SortOrder(field, true);
    }

    /**
     * Descending by a field.
     *
     * @param field the field's name
     * @return the order
     */
    public static SortOrder desc(String field) {
        return new SortOrder(field, false);
    }
}

package dev.offlinesync.spi;

/**
 * One key of an ordering. Nulls sort lowest: first when ascending, last when descending. Strings sort by
 * Unicode code point, numbers by value, booleans false before true, dates by instant.
 */
public record SortOrder(String field, boolean ascending) {
    public SortOrder {
        TableDefinition.requireIdentifier(field, "field name");
    }

    public static SortOrder asc(String field) {
        return new SortOrder(field, true);
    }

    public static SortOrder desc(String field) {
        return new SortOrder(field, false);
    }
}

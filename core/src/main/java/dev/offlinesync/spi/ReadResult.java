package dev.offlinesync.spi;

import java.util.List;
import java.util.Map;

/**
 * Rows read from a store, and the number of rows that matched the filter ignoring skip and top
 * ({@code -1} when not asked for).
 */
public record ReadResult(List<Map<String, Object>> rows, long totalCount) {
    /**
     * Copies the rows.
     *
     * @param rows       the rows read
     * @param totalCount the number of matching rows ignoring skip and top, or {@code -1}
     */
    public ReadResult {
        rows = List.copyOf(rows);
    }
}

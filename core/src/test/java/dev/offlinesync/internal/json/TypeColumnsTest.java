package dev.offlinesync.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.offlinesync.spi.ColumnType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeColumnsTest {

    record Typed(String id, String title, boolean done, int count, double amount, Instant due, List<String> tags) {
    }

    @Test
    void recordComponentsMapToColumnTypes() {
        Map<String, ColumnType> columns = TypeColumns.of(JsonSupport.defaultMapper(), Typed.class);
        assertEquals(Map.of("id", ColumnType.STRING, "title", ColumnType.STRING, "done", ColumnType.BOOLEAN,
                "count", ColumnType.INTEGER, "amount", ColumnType.REAL, "due", ColumnType.DATE,
                "tags", ColumnType.JSON), columns);
    }
}

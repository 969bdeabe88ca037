package dev.offlinesync.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.spi.ColumnType;
import dev.offlinesync.spi.TableDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMapperTest {

    private static final ObjectMapper JSON = JsonSupport.defaultMapper();
    private static final TableDefinition TODO = new TableDefinition("TodoItem", Map.of(
            "text", ColumnType.STRING, "complete", ColumnType.BOOLEAN, "count", ColumnType.INTEGER,
            "price", ColumnType.REAL, "updatedAt", ColumnType.DATE, "tags", ColumnType.JSON));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void typedColumnsBecomeSpiValueTypes() throws Exception {
        Map<String, Object> row = RowMapper.toRow(json("{\"id\":\"a\",\"text\":\"t\",\"complete\":true,\"count\":3,"
                + "\"price\":2,\"updatedAt\":\"2026-11-23T23:05:13.261Z\",\"tags\":[\"x\",{\"k\":1}]}"), TODO);
        assertEquals("a", row.get("id"));
        assertEquals(true, row.get("complete"));
        assertEquals(3L, row.get("count"));
        assertEquals(2.0, row.get("price"));
        assertEquals(Instant.parse("2026-11-23T23:05:13.261Z"), row.get("updatedAt"));
        assertEquals(List.of("x", Map.of("k", 1L)), row.get("tags"));
    }

    @Test
    void unknownFieldsKeepTheirJsonType() throws Exception {
        Map<String, Object> row = RowMapper.toRow(json("{\"id\":\"a\",\"extra\":1.5,\"n\":7,\"s\":\"2026-01-01T00:00:00Z\"}"), TODO);
        assertEquals(1.5, row.get("extra"));
        assertEquals(7L, row.get("n"));
        assertEquals("2026-01-01T00:00:00Z", row.get("s"), "an undeclared date stays a string");
    }

    @Test
    void datesAreReadLenientlyAndWrittenWithMilliseconds() throws Exception {
        for (String date : List.of("2026-11-23T23:05:13Z", "2026-11-23T23:05:13.2Z", "2026-11-23T23:05:13.200000Z",
                "2026-11-24T00:05:13.2+01:00")) {
            Map<String, Object> row = RowMapper.toRow(json("{\"id\":\"a\",\"updatedAt\":\"" + date + "\"}"), TODO);
            assertEquals("2026-11-23T23:05:13." + (date.contains(".") ? "200" : "000") + "Z",
                    RowMapper.toJson(row).get("updatedAt").asText(), date);
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RowMapper.toRow(json("{\"id\":\"a\",\"complete\":\"yes\"}"), TODO));
        assertTrue(e.getMessage().contains("'complete' must be BOOLEAN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowMapper.toRow(json("{\"id\":\"a\",\"count\":1.5}"), TODO));
        assertThrows(IllegalArgumentException.class, () -> RowMapper.toRow(json("{\"id\":\"a\",\"updatedAt\":\"soon\"}"), TODO));
    }

    @Test
    void rowsRoundTripThroughJson() throws Exception {
        ObjectNode item = json("{\"id\":\"q'\\\"%_\\\\🙂\",\"text\":null,\"complete\":false,\"count\":-9223372036854775808,"
                + "\"price\":0.1,\"updatedAt\":\"2026-11-23T23:05:13.261Z\",\"tags\":{\"a\":[true,null]}}");
        assertEquals(item, RowMapper.toJson(RowMapper.toRow(item, TODO)));
    }
}

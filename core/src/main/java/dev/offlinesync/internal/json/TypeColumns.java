package dev.offlinesync.internal.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.offlinesync.spi.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The columns of a table of records or POJOs, from the Jackson properties of the type. */
public final class TypeColumns {

    private TypeColumns() {
    }

    public static Map<String, ColumnType> of(ObjectMapper mapper, Class<?> type) {
        JavaType javaType = mapper.constructType(type);
        BeanDescription description = mapper.getSerializationConfig().introspect(javaType);
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            columns.put(property.getName(), columnType(property.getRawPrimaryType()));
        }
        return columns;
    }

    static ColumnType columnType(Class<?> raw) {
        if (raw == String.class || raw == char.class || raw == Character.class || raw == UUID.class || raw.isEnum()) {
            return ColumnType.STRING;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return ColumnType.BOOLEAN;
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class || raw == Integer.class
                || raw == Long.class || raw == Short.class || raw == Byte.class || raw == BigInteger.class) {
            return ColumnType.INTEGER;
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class
                || raw == BigDecimal.class) {
            return ColumnType.REAL;
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class || raw == Date.class) {
            return ColumnType.DATE;
        }
        return ColumnType.JSON;
    }
}

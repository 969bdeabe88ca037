package dev.offlinesync.internal.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.offlinesync.SyncException;
import java.time.Instant;
import java.util.Locale;

/**
 * The Jackson configurations offlinesync uses: its own for the wire, and for the application's types either its
 * default or a copy of the application's mapper with what the engine relies on switched on.
 */
public final class JsonSupport {

    private JsonSupport() {
    }

    /** java.time support, dates as ISO strings, unknown properties ignored (server adds system columns). */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    /**
     * A copy of the application's mapper that can read every stored row into the application's types. A row
     * carries the system columns the server adds ({@code updatedAt}, {@code version}, ...), which a record need
     * not declare, so unknown properties are ignored; the store hands dates over as ISO-8601 strings and takes them
     * only as such, so java.time is registered when the mapper lacks it and dates are not written as numbers.
     * Everything else (modules, naming, enum handling, inclusion) stays as the application configured it; the
     * application's own instance is not changed.
     *
     * @throws SyncException when the mapper cannot be copied or writes an {@link Instant} other than as text
     */
    public static ObjectMapper itemMapper(ObjectMapper application) {
        ObjectMapper copy;
        try {
            copy = application.copy();
        } catch (IllegalStateException e) {
            throw new SyncException("The ObjectMapper given to objectMapper(...) cannot be copied (" + e.getMessage()
                    + "); offlinesync configures a copy for its system columns: give an ObjectMapper or JsonMapper"
                    + " whose class overrides copy(), with your modules registered", e);
        }
        copy.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        copy.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        if (instantForm(copy.copy()) == null) { // probed on a throwaway copy: a probe fills the serializer cache
            copy.registerModule(new JavaTimeModule());
        }
        String form = instantForm(copy);
        if (!"string".equals(form)) {
            throw new SyncException("The ObjectMapper given to objectMapper(...) writes java.time.Instant as a JSON "
                    + form + "; offlinesync stores dates as ISO-8601 text: remove the custom Instant serializer, or"
                    + " map the field to a String");
        }
        return copy;
    }

    /** How the mapper writes an instant ("string", "number", ...), or {@code null} when it has no serializer. */
    private static String instantForm(ObjectMapper mapper) {
        try {
            JsonNode node = mapper.valueToTree(Instant.EPOCH);
            return node == null ? "null" : node.getNodeType().name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null; // Jackson reports a missing java.time module this way
        }
    }
}

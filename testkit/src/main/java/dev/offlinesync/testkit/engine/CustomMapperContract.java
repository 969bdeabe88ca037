package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A typed table with the application's own Jackson mapper: the mapper's settings apply to the application's
 * types, but the system columns the server adds, and the dates the store keeps, always read back.
 */
public interface CustomMapperContract extends EngineFixture {

    /**
     * A client of the store under test, configured further by the test.
     *
     * @param configure changes to the builder
     * @return the client; the suite closes it after the test
     */
    SyncClient newClient(UnaryOperator<SyncClient.Builder> configure);

    /** A typed row without system columns. */
    record Todo(String id, String text, boolean complete) {
    }

    /** A typed row that reads a system column as a date. */
    record DatedTodo(String id, String text, boolean complete, Instant updatedAt) {
    }

    /** Written and read through {@code toString()} by a mapper configured so. */
    enum Priority {
        /** Written as {@code "high"}. */
        HIGH,
        /** Written as {@code "low"}. */
        LOW;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A typed row whose enum the application's mapper writes its own way. */
    record RankedTodo(String id, String text, boolean complete, Priority priority) {
    }

    /** A mapper subclass that does not override {@code copy()}, as Jackson requires of subclasses. */
    final class UncopyableMapper extends ObjectMapper {
        private static final long serialVersionUID = 1L;

        UncopyableMapper() {
        }
    }

    /** Writes an instant as a number, which a store cannot take as a date. */
    final class EpochMillis extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        EpochMillis() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeNumber(value.toEpochMilli());
        }
    }

    private SyncTable<Todo> pulledWith(ObjectMapper mapper) {
        SyncTable<Todo> todos = newClient(b -> b.objectMapper(mapper)).table("TodoItem", Todo.class);
        service().insertDirect("TodoItem", item("a", "from the server", false));
        await(todos.pull(Query.all(), "all"));
        return todos;
    }

    /** Checks that a plain object mapper reads items after a pull. */
    @Test
    default void aPlainObjectMapperReadsItemsAfterAPull() {
        SyncTable<Todo> todos = pulledWith(new ObjectMapper());
        assertEquals(List.of(new Todo("a", "from the server", false)), todos.read(Query.all()).items());
        assertEquals(new Todo("a", "from the server", false), todos.lookup("a").orElseThrow());
    }

    /** Checks that a mapper that fails on unknown properties still reads items after a pull. */
    @Test
    default void aMapperThatFailsOnUnknownPropertiesStillReadsItemsAfterAPull() {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SyncTable<Todo> todos = pulledWith(strict);
        assertEquals(List.of(new Todo("a", "from the server", false)), todos.read(Query.all()).items());
        assertTrue(strict.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                "the application's own mapper is left as it was given");
    }

    /** Checks that a plain object mapper reads and writes dates. */
    @Test
    default void aPlainObjectMapperReadsAndWritesDates() {
        SyncClient client = newClient(b -> b.objectMapper(new ObjectMapper()));
        SyncTable<DatedTodo> todos = client.table("TodoItem", DatedTodo.class);
        ObjectNode onServer = service().insertDirect("TodoItem", item("a", "from the server", false));
        await(todos.pull(Query.all(), "all"));
        DatedTodo pulled = todos.lookup("a").orElseThrow();
        assertEquals(Instant.parse(onServer.get(wireName("updatedAt")).asText()), pulled.updatedAt());

        todos.update(new DatedTodo("a", "edited here", true, pulled.updatedAt()));
        await(client.syncContext().push());
        assertEquals("edited here", service().item("TodoItem", "a").orElseThrow().get("text").asText());
    }

    /** Checks that the applications mapper settings apply to its types. */
    @Test
    default void theApplicationsMapperSettingsApplyToItsTypes() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);
        SyncClient client = newClient(b -> b.objectMapper(mapper));
        SyncTable<RankedTodo> todos = client.table("TodoItem", RankedTodo.class);
        todos.insert(new RankedTodo("r", "ranked", false, Priority.HIGH));
        await(client.syncContext().push());
        assertEquals("high", service().item("TodoItem", "r").orElseThrow().get("priority").asText());
        await(todos.pull(Query.all(), "all"));
        assertEquals(Priority.HIGH, todos.lookup("r").orElseThrow().priority());
    }

    /** Checks that a mapper the client cannot make safe is refused at build saying what to change. */
    @Test
    default void aMapperTheClientCannotMakeSafeIsRefusedAtBuildSayingWhatToChange() {
        SyncException uncopyable = assertThrows(SyncException.class,
                () -> newClient(b -> b.objectMapper(new UncopyableMapper())));
        assertTrue(uncopyable.getMessage().contains("overrides copy()"), uncopyable.getMessage());

        ObjectMapper numericDates = new ObjectMapper()
                .registerModule(new SimpleModule().addSerializer(Instant.class, new EpochMillis()));
        SyncException numbers = assertThrows(SyncException.class, () -> newClient(b -> b.objectMapper(numericDates)));
        assertTrue(numbers.getMessage().contains("ISO-8601"), numbers.getMessage());
    }
}

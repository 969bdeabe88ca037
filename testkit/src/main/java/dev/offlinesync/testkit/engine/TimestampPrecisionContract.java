package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import dev.offlinesync.testkit.FakeTableService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pulls from a server that stores updatedAt below the millisecond (SQL Server's datetimeoffset(7)) while it
 * sends milliseconds: rows of one millisecond are ordered by a part the client never sees, so a cursor made of
 * the wire value and the id cannot tell where it stands inside that millisecond. Repeats are acceptable there;
 * losses are not. Not part of {@link SyncEngineContractTest}: a store's engine test of a dialect whose servers
 * store more than milliseconds (Datasync on SQL Server) implements it as well.
 */
public interface TimestampPrecisionContract extends EngineFixture {

    /** The millisecond most rows share; rows before and after it are its neighbours. */
    Instant BUCKET = Instant.parse("2026-03-01T08:00:00.123Z");
    /** The page size of the pulls, smaller than the rows of {@link #BUCKET}. */
    int PAGE = 50;

    /** Checks that more rows in one millisecond than a page are not lost across pages and an interrupted pull. */
    @Test
    default void moreRowsInOneMillisecondThanAPageAreNotLostAcrossPagesAndAnInterruptedPull() {
        try (FakeTableService server = FakeTableService.builder().dialect(dialect()).subMillisecondTimestamps(true)
                .start()) {
            server.defineTable("TodoItem");
            List<String> expected = new ArrayList<>();
            server.setClock(Clock.fixed(BUCKET.minusMillis(1), ZoneOffset.UTC));
            expected.addAll(insert(server, "before", 10));
            // written in descending id order: the hidden order inside the millisecond is the reverse of the ids
            server.setClockWithinMillisecond(BUCKET);
            List<String> bucket = new ArrayList<>();
            for (int i = 5 * PAGE / 2 - 1; i >= 0; i--) {
                bucket.add(server.insertDirect("TodoItem", item(String.format("bucket-%03d", i), "in the bucket", false))
                        .get("id").asText());
            }
            expected.addAll(bucket);

            SyncClient device = newClient(server);
            SyncTable<ObjectNode> todos = device.table("TodoItem");
            PullOptions pages = PullOptions.defaults().withPageSize(PAGE);
            server.failListRequestAfter(2, 500);
            assertThrows(HttpStatusException.class, () -> await(todos.pull(Query.all(), "bucket", pages)));
            server.clearFaults();
            await(todos.pull(Query.all(), "bucket", pages));
            assertEquals(new TreeSet<>(expected), localIds(todos), "every row after the interrupted pull");

            // the next pull goes on after the bucket: new rows, and a row of the bucket changed since
            server.setClock(Clock.fixed(BUCKET.plusMillis(1), ZoneOffset.UTC));
            expected.addAll(insert(server, "after", 10));
            server.updateDirect("TodoItem", "bucket-007", item(null, "changed later", true));
            await(todos.pull(Query.all(), "bucket", pages));
            assertEquals(new TreeSet<>(expected), localIds(todos), "the rows after the bucket too");
            assertEquals("changed later", todos.lookup("bucket-007").orElseThrow().get("text").asText());
        }
    }

    private static List<String> insert(FakeTableService server, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(server.insertDirect("TodoItem", item(String.format("%s-%03d", prefix, i), prefix, false))
                    .get("id").asText());
        }
        return ids;
    }

    private static Set<String> localIds(SyncTable<ObjectNode> todos) {
        Set<String> ids = new TreeSet<>();
        todos.read(Query.all().top(10_000)).items().forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}

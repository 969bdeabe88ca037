package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static dev.offlinesync.compat.Devices.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullProgress;
import dev.offlinesync.Query;
import dev.offlinesync.SyncTable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A pull that asks for the total count sends {@code $inlinecount=allpages} next to {@code __includeDeleted}: the
 * Node server answers every page with {@code {results, count}}.
 */
class CountedPullTest extends ScenarioTest {

    CountedPullTest(NodeTableServer server) {
        super(server);
    }

    @Test
    void everyPageOfACountedPullCarriesTheServersTotal() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            assertEquals(201, rest.insert("TodoItem", todo(id, "item " + id, false)).status());
        }
        SyncTable<ObjectNode> todos = devices.device().table("TodoItem");
        List<PullProgress> pages = new CopyOnWriteArrayList<>();

        await(todos.pull(Query.all(), "all", PullOptions.defaults().withPageSize(2).withCountTotal(true)
                .withProgress(pages::add)));

        assertEquals(List.of("2 of 5", "4 of 5", "5 of 5"),
                pages.stream().map(p -> p.received() + " of " + p.serverTotal()).toList());
    }
}

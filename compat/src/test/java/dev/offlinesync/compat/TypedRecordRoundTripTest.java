package dev.offlinesync.compat;

import static dev.offlinesync.compat.Devices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Filter;
import dev.offlinesync.PullResult;
import dev.offlinesync.PushFailedException;
import dev.offlinesync.PushResult;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table of Java records: string, boolean, number, date ({@link Instant}, UTC, milliseconds) and null go from
 * one device through the Node server (which stores them as TEXT, INTEGER 0/1, REAL and ISO-8601 TEXT) to
 * another device and back, unchanged.
 */
class TypedRecordRoundTripTest extends ScenarioTest {

    /** The server's TypedItem table as a record; {@code version} and {@code updatedAt} are the server's. */
    record TypedItem(String id, String title, Boolean done, Double amount, Instant due, String note,
                     String version, Instant updatedAt) {

        TypedItem edited(String newTitle, Boolean newDone, Double newAmount, Instant newDue, String newNote) {
            return new TypedItem(id, newTitle, newDone, newAmount, newDue, newNote, version, updatedAt);
        }
    }

    private static final Instant DUE = Instant.parse("2026-03-04T05:06:07.089Z");
    private static final TypedItem FULL = new TypedItem("full", "Grüße, 'quoted' -- 100% ✓ 😀 \"x\"", true, 12.5,
            DUE, "a note", null, null);
    private static final TypedItem EMPTY = new TypedItem("empty", null, null, null, null, null, null, null);
    private static final TypedItem NUMBERS = new TypedItem("numbers", "", false, -3.0,
            Instant.parse("1970-01-01T00:00:00Z"), " ", null, null);

    private SyncClient phone;
    private SyncTable<TypedItem> phoneItems;
    private SyncTable<TypedItem> tabletItems;

    TypedRecordRoundTripTest(NodeTableServer server) {
        super(server);
    }

    @BeforeEach
    void twoDevices() {
        phone = devices.device();
        SyncClient tablet = devices.device();
        phoneItems = phone.table("TypedItem", TypedItem.class);
        tabletItems = tablet.table("TypedItem", TypedItem.class);
    }

    @Test
    void everyTypeAndNullRoundTripsBetweenTwoDevices() {
        for (TypedItem item : List.of(FULL, EMPTY, NUMBERS)) {
            phoneItems.insert(item);
        }
        await(phoneItems.pull(Query.all(), "all-items"));

        Map<String, Object> stored = server.querySql("SELECT title, done, amount, due, note FROM TypedItem"
                + " WHERE id = 'full'").get(0);
        assertEquals(FULL.title(), stored.get("title"));
        assertEquals(1, stored.get("done"), "the server stores booleans as 0/1");
        assertEquals(12.5, stored.get("amount"));
        assertEquals("2026-03-04T05:06:07.089Z", stored.get("due"), "and dates as ISO-8601 text in UTC, with ms");
        Map<String, Object> allNull = new HashMap<>();
        for (String column : List.of("title", "done", "amount", "due", "note")) {
            allNull.put(column, null);
        }
        assertEquals(allNull, server.querySql("SELECT title, done, amount, due, note FROM TypedItem"
                + " WHERE id = 'empty'").get(0), "nulls are stored as NULL, not as empty values");

        PullResult pull = await(tabletItems.pull(Query.all(), "all-items"));

        assertEquals(3, pull.upserted());
        for (TypedItem sent : List.of(FULL, EMPTY, NUMBERS)) {
            TypedItem onPhone = phoneItems.lookup(sent.id()).orElseThrow();
            TypedItem onTablet = tabletItems.lookup(sent.id()).orElseThrow();
            assertEquals(sent, withoutServerColumns(onPhone), "the phone's row holds what it inserted");
            assertEquals(onPhone, onTablet, "the tablet got exactly the phone's item, version and updatedAt included");
            assertNotNull(onTablet.version());
            assertNotNull(onTablet.updatedAt());
        }
    }

    @Test
    void editsOnTheOtherDeviceComeBackIncludingValuesSetToNull() {
        for (TypedItem item : List.of(FULL, EMPTY)) {
            phoneItems.insert(item);
        }
        await(phoneItems.pull(Query.all(), "all-items"));
        await(tabletItems.pull(Query.all(), "all-items"));

        Instant newDue = Instant.parse("1999-12-31T23:59:59.999Z");
        tabletItems.update(tabletItems.lookup("full").orElseThrow().edited(null, false, -0.25, newDue, null));
        tabletItems.update(tabletItems.lookup("empty").orElseThrow().edited("now filled", true, 1e12, DUE, "n"));
        await(tabletItems.pull(Query.all(), "all-items"));
        PullResult pull = await(phoneItems.pull(Query.all(), "all-items"));

        assertEquals(2, pull.upserted());
        TypedItem full = phoneItems.lookup("full").orElseThrow();
        assertEquals(new TypedItem("full", null, false, -0.25, newDue, null, "Mg==", full.updatedAt()), full);
        TypedItem filled = phoneItems.lookup("empty").orElseThrow();
        assertEquals(new TypedItem("empty", "now filled", true, 1e12, DUE, "n", "Mg==", filled.updatedAt()), filled);
        assertEquals(tabletItems.lookup("full").orElseThrow(), full);
        assertEquals(tabletItems.lookup("empty").orElseThrow(), filled);
    }

    @Test
    void anEditFromARecordBuiltAnewKeepsItsVersionSoAConcurrentServerChangeIsAConflict() {
        phoneItems.insert(FULL);
        await(phone.syncContext().push());
        String version = phoneItems.lookup("full").orElseThrow().version();
        new RawTables(server.uri()).patch("TypedItem", "full",
                RawTables.JSON.createObjectNode().put("title", "changed on the server"), null);

        TypedItem rebuilt = new TypedItem("full", "changed on the phone", true, 12.5, DUE, "a note", null, null);
        TypedItem stored = phoneItems.update(rebuilt);

        assertEquals(version, stored.version(), "the server's columns are not wiped by the record's nulls");
        assertNotNull(stored.updatedAt());
        PushResult push = Devices.awaitFailure(PushFailedException.class, phone.syncContext().push()).result();
        assertEquals(412, push.errors().get(0).status(), "detected, not silently overwritten");
        assertEquals("changed on the server",
                new RawTables(server.uri()).item("TypedItem", "full").get("title").asText());
    }

    @Test
    void subMillisecondPrecisionIsDroppedAsTheServerKeepsMilliseconds() {
        phoneItems.insert(new TypedItem("precise", "t", true, 1.0, Instant.parse("2026-03-04T05:06:07.089999Z"),
                null, null, null));

        assertEquals(DUE, phoneItems.lookup("precise").orElseThrow().due(), "truncated locally already");
        await(phoneItems.pull(Query.all(), "all-items"));
        await(tabletItems.pull(Query.all(), "all-items"));

        assertEquals(DUE, tabletItems.lookup("precise").orElseThrow().due());
    }

    @Test
    void aPullFilteredOnADateColumnBringsOnlyTheMatchingRows() {
        for (TypedItem item : List.of(FULL, EMPTY, NUMBERS)) {
            phoneItems.insert(item);
        }
        await(phone.syncContext().push());

        PullResult pull = await(tabletItems.pull(Query.all().where(Filter.ge("due", DUE)), "due-from-march"));

        assertEquals(1, pull.received(), "the date literal compares as a date on the server");
        assertEquals(List.of("full"), tabletItems.read(Query.all()).items().stream().map(TypedItem::id).toList());
        ObjectNode raw = new RawTables(server.uri()).item("TypedItem", "full");
        assertEquals("2026-03-04T05:06:07.089Z", raw.get("due").asText());
        assertTrue(raw.get("done").isBoolean() && raw.get("amount").isNumber(), raw.toString());
    }

    private static TypedItem withoutServerColumns(TypedItem item) {
        return new TypedItem(item.id(), item.title(), item.done(), item.amount(), item.due(), item.note(), null, null);
    }
}

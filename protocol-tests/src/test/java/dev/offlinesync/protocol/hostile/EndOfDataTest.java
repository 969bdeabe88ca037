package dev.offlinesync.protocol.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.PullOptions;
import dev.offlinesync.PullResult;
import dev.offlinesync.Query;
import dev.offlinesync.testkit.FakeTableService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When a pull stops: only when the server says the data is exhausted (an empty page, or a short page without a
 * {@code Link: ...; rel=next} header or {@code nextLink}), and at once when an answer would not move it on.
 */
class EndOfDataTest extends HostileServer {

    private static final String NEXT = "<http://127.0.0.1/?%24top=2&%24skip=2>; rel=next";

    @ParameterizedTest
    @EnumSource(Store.class)
    void aShortPageWithALinkHeaderIsFollowedWithTheLibrarysOwnCursor(Store store) {
        Device device = device(store);
        server.stubFor(page(null).willReturn(answer(row("a", T1), row("b", T2)).withHeader("Link", NEXT)));
        server.stubFor(page(after(T2, "b")).willReturn(answer(row("c", T3))));

        PullResult result = done(device.pull());

        assertEquals(List.of("", after(T2, "b")), filtersAsked());
        assertEquals(3, result.received());
        assertEquals(List.of("a", "b", "c"), ids(device));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aShortPageWithANextLinkInTheBodyIsFollowedWithTheLibrarysOwnCursor(Store store) {
        Device device = device(store);
        server.stubFor(page(null).willReturn(json("{\"results\":" + array(row("a", T1), row("b", T2))
                + ",\"count\":3,\"nextLink\":\"$skip=2\"}")));
        server.stubFor(page(after(T2, "b")).willReturn(answer(row("c", T3))));

        done(device.pull());

        assertEquals(List.of("", after(T2, "b")), filtersAsked());
        assertEquals(List.of("a", "b", "c"), ids(device));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anEmptyPageEndsThePullEvenWithALinkHeader(Store store) {
        Device device = seeded(store);
        server.stubFor(page(after(T2, "b")).willReturn(answer().withHeader("Link", NEXT)));

        PullResult result = done(device.pull());

        assertEquals(1, result.requests());
        assertEquals(List.of("a", "b"), ids(device));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aServerThatCapsItsPageSizeAt50IsPulledWhole(Store store) {
        try (FakeTableService capped = FakeTableService.builder().maxPageSize(50).start()) {
            capped.defineTable(TABLE);
            for (int i = 0; i < 60; i++) {
                capped.insertDirect(TABLE, JSON.createObjectNode().put("id", String.format("r%02d", i))
                        .put("text", "row " + i));
            }
            Device device = deviceAt(store, capped.uri());

            PullResult result = done(device.todos().pull(Query.all(), QUERY_ID));

            assertEquals(60, result.received());
            assertEquals(2, result.requests(), "50 rows with a Link header, then the last 10 without");
            assertEquals(60, ids(device).size());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aServerThatAnswersEveryRequestWithTheSameFullPageIsAskedTwiceNotForever(Store store) {
        Device device = device(store);
        // Rows sharing one updatedAt: the same page again only fails on the ids, compared with the cursor sent.
        server.stubFor(get(urlPathEqualTo(TABLE_PATH)).willReturn(answer(row("a", T2), row("b", T2))));

        ProtocolException e = failure(device.pull(PullOptions.defaults().withPageSize(2)), ProtocolException.class);

        assertEquals(List.of("", after(T2, "b")), filtersAsked());
        assertTrue(e.getMessage().contains("not after the cursor"), e.getMessage());
        assertEquals(List.of("a", "b"), ids(device), "the first page stays applied");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aShortPageWithALinkHeaderThatRepeatsItselfIsAskedTwiceNotForever(Store store) {
        Device device = device(store);
        server.stubFor(page(null).willReturn(answer(row("a", T1)).withHeader("Link", NEXT)));
        server.stubFor(page(after(T1, "a")).willReturn(answer(row("a", T1)).withHeader("Link", NEXT)));

        failure(device.pull(), ProtocolException.class);

        assertEquals(2, filtersAsked().size());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void idsAreOrderedByCodePointAsTheServersDatabasesOrderThem(Store store) {
        Device device = device(store);
        // U+FFFD before U+1F600 by code point (and UTF-8 bytes); UTF-16 code units would say the opposite.
        ObjectNode replacement = row("\uFFFD", T3);
        ObjectNode emoji = row("\uD83D\uDE00", T3);
        server.stubFor(page(null).willReturn(answer(replacement, emoji)));

        done(device.pull());

        assertEquals(2, ids(device).size());
        Device other = device(store);
        server.resetAll();
        server.stubFor(page(null).willReturn(answer(emoji, replacement)));
        failure(other.pull(), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUpdatedAtWithinADayAfterTheAnswersDateIsAccepted(Store store) {
        Device device = seeded(store);
        String halfADayLater = SERVER_DATE.plus(Duration.ofHours(12)).toString();
        server.stubFor(page(after(T2, "b")).willReturn(answer(row("c", halfADayLater))));

        done(device.pull());

        assertEquals(List.of("a", "b", "c"), ids(device));
    }
}

package dev.offlinesync.protocol.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers to a pull that a correct server never sends. Each fails the pull with the exception named, changes no
 * local row, queue entry, error or saved cursor, and a good answer afterwards recovers as if it never came.
 */
class BadPullAnswerTest extends HostileServer {

    private static final ObjectNode C = row("c", T3);

    @ParameterizedTest
    @EnumSource(Store.class)
    void aServerThatIgnoresTheCursorAndSendsTheSamePageAgainIsAProtocolError(Store store) {
        ProtocolException e = assertRejectedAndRecovers(store, answer(row("a", T1), row("b", T2)),
                ProtocolException.class);
        assertTrue(e.getMessage().contains("not after the cursor"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aRowAtTheCursorsTimeWithASmallerIdMovesTheCursorBackAndIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(row("a0", T2)), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anIdWithAnUnpairedSurrogateIsAProtocolErrorNotACursor(Store store) {
        String escaped = array(row("c-lone", T3)).replace("c-lone", "c\\uD800"); // a JSON escape: no encoder mends it
        assertRejectedAndRecovers(store, json(escaped).withHeader("Date", httpDate(SERVER_DATE)), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theCursorsOwnRowAgainIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(row("b", T2)), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void rowsOutOfUpdatedAtOrderWithinAPageAreAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(row("d", T4), C), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void rowsSharingAnUpdatedAtOutOfIdOrderAreAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(row("d", T3), C), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theSameRowTwiceInOnePageIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(C, row("c", T4)), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUpdatedAtInTheYear10000IsAProtocolErrorNotAStoreFailure(Store store) {
        assertRejectedAndRecovers(store, answer(row("c", "+10000-01-01T00:00:00.000Z")), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUpdatedAtTwoDaysAfterTheAnswersDateHeaderIsAProtocolError(Store store) {
        String twoDaysLater = SERVER_DATE.plus(Duration.ofDays(2)).toString();
        ProtocolException e = assertRejectedAndRecovers(store, answer(row("c", twoDaysLater)),
                ProtocolException.class);
        assertTrue(e.getMessage().contains("Date header"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void withoutADateHeaderAnUpdatedAtTwoDaysAheadOfThisDevicesClockIsAProtocolError(Store store) {
        String twoDaysAhead = Instant.now().plus(Duration.ofDays(2)).toString();
        ProtocolException e = assertRejectedAndRecovers(store, json(array(row("c", twoDaysAhead))),
                ProtocolException.class);
        assertTrue(e.getMessage().contains("this device's clock"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUpdatedAtBeforeTheEpochIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(row("c", "1969-12-31T23:59:59.999Z")), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aDateColumnInTheYear10000IsAProtocolErrorNotAStoreFailure(Store store) {
        assertRejectedAndRecovers(store, answer(C.deepCopy().put("due", "+10000-01-01T00:00:00.000Z")),
                ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aCreatedAtInTheYearZeroIsAProtocolErrorNotAStoreFailure(Store store) {
        assertRejectedAndRecovers(store, answer(C.deepCopy().put("createdAt", "0000-06-01T00:00:00.000Z")),
                ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aValueOfTheWrongTypeForADeclaredColumnIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, answer(C.deepCopy().put("complete", "yes")), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aPageWithMoreRowsThanAskedIsAProtocolError(Store store) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i <= PAGE; i++) {
            rows.add(row(String.format("c%02d", i), T3));
        }
        ProtocolException e = assertRejectedAndRecovers(store, answer(rows.toArray(ObjectNode[]::new)),
                ProtocolException.class);
        assertTrue(e.getMessage().contains("ignored $top"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aBodyCutOffInTheMiddleOfARowIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, json("[" + C + ",{\"id\":\"d\",\"te"), ProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aConnectionThatBreaksInTheMiddleOfTheBodyIsATransportFailure(Store store) {
        assertRejectedAndRecovers(store, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
                TransportException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anErrorObjectInsteadOfAListIsAProtocolError(Store store) {
        assertRejectedAndRecovers(store, json("{\"error\":\"something broke\"}"), ProtocolException.class);
    }

    /** Rows whose system columns are missing or unreadable; each also comes after a good row in its page. */
    static Stream<Arguments> unreadableRows() {
        ObjectNode d = row("d", T4);
        List<Arguments> cases = new ArrayList<>();
        for (Store store : Store.values()) {
            cases.add(Arguments.of(store, "no id", without(d, "id")));
            cases.add(Arguments.of(store, "an empty id", d.deepCopy().put("id", "")));
            cases.add(Arguments.of(store, "a numeric id", d.deepCopy().put("id", 4)));
            cases.add(Arguments.of(store, "no version", without(d, "version")));
            cases.add(Arguments.of(store, "a numeric version", d.deepCopy().put("version", 2)));
            cases.add(Arguments.of(store, "no updatedAt", without(d, "updatedAt")));
            cases.add(Arguments.of(store, "updatedAt 'yesterday'", d.deepCopy().put("updatedAt", "yesterday")));
            cases.add(Arguments.of(store, "a numeric updatedAt", d.deepCopy().put("updatedAt", 1764000000000L)));
            cases.add(Arguments.of(store, "a tombstone without updatedAt", without(d, "updatedAt")
                    .put("deleted", true)));
            cases.add(Arguments.of(store, "deleted as a string", d.deepCopy().put("deleted", "true")));
            cases.add(Arguments.of(store, "deleted as a number", d.deepCopy().put("deleted", 1)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("unreadableRows")
    void aRowWithAMissingOrUnreadableSystemColumnIsAProtocolError(Store store, String what, ObjectNode bad) {
        assertRejectedAndRecovers(store, answer(C, bad), ProtocolException.class);
    }
}

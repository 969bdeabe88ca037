package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.http.HttpCall;
import dev.offlinesync.internal.http.StatusMeaning;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one table protocol decides on the wire. The engine speaks in local column names
 * ({@link SystemColumns}) and asks the protocol for each request and for the meaning of each answer; the transport
 * ({@code TableClient}) carries the requests out. One implementation per {@link ProtocolDialect}.
 */
public interface Protocol extends StatusMeaning {

    /** The protocol of a dialect; {@code applicationKey} is sent only by dialects that have one. */
    static Protocol of(ProtocolDialect dialect, String applicationKey) {
        return switch (dialect) {
            case MOBILE_APPS -> MobileAppsProtocol.INSTANCE;
            case DATASYNC -> DatasyncProtocol.INSTANCE;
            case MOBILE_SERVICES -> new MobileServicesProtocol(applicationKey);
        };
    }

    ProtocolDialect dialect();

    /** Headers every request carries (the protocol version, an application key). */
    Map<String, String> headers();

    /** The largest {@code $top} the server accepts. */
    int maxTop();

    /**
     * Whether the servers of this dialect keep {@code updatedAt} with exactly the precision they send, so a keyset
     * cursor on (updatedAt, id) is exact. When not, the engine reads every millisecond as a bucket.
     */
    boolean exactTimestamps();

    /** A server item with the local names of the system columns (the same node, changed, or a new one). */
    ObjectNode toLocal(ObjectNode wireItem);

    /** The body sent for a local item: without what the server sets, in the dialect's names. */
    ObjectNode body(ObjectNode localItem);

    HttpCall insert(String table, ObjectNode body);

    /** The update of an item based on {@code version} (or unconditional when {@code null}). */
    HttpCall update(String table, String id, ObjectNode body, String version);

    HttpCall delete(String table, String id, String version);

    /** The request that brings a soft-deleted item back; {@code body} is the local item's body. */
    HttpCall undelete(String table, String id, ObjectNode body);

    HttpCall get(String table, String id);

    HttpCall list(String table, ListQuery query);

    /** Reads a list answer as a stream into a page of local items. */
    Page page(ObjectMapper mapper, InputStream body, HttpHeaders headers, String what,
              Function<String, ColumnType> types) throws IOException;

    /**
     * The server's item after an update of {@code localItem} with {@code sent}, answered with {@code answer} (local
     * names): the answer itself where the server sends the whole row, else the answer laid over what was sent.
     */
    ObjectNode updateAnswer(ObjectNode localItem, ObjectNode sent, ObjectNode answer);

    /** Whether a 409 to an insert carries the server's item (rather than the submitted one, or none). */
    boolean duplicateInsertCarriesServerItem();

    /** Whether the failure says the item is not on the server (deleted or never there), rather than the table. */
    boolean isGone(HttpStatusException failure);

    /**
     * Whether the failure of an undelete says the table keeps no deleted items (so there is none to bring back).
     * Default: no dialect says so but with a missing item, which {@link #isGone} tells.
     */
    default boolean refusesUndelete(HttpStatusException failure) {
        return false;
    }
}

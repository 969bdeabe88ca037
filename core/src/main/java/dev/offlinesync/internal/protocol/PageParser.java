package dev.offlinesync.internal.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.spi.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a list body as a stream, in the one shape a dialect answers with: a bare array (when allowed) or an object
 * whose list is under {@code listField}, with an optional {@code count} and {@code nextLink}. Each item is read
 * straight into a row in local column names ({@link ItemReader}); only one page is ever held in memory.
 */
final class PageParser {

    /** What a page body said, its items already local. */
    record Parsed(List<PageItem> items, long count, boolean hasNextLink) {
    }

    private final String listField;
    private final boolean bareArray;
    private final Map<String, String> localNames;

    /** {@code localNames}: the wire names of fields whose local name differs, with that name. */
    PageParser(String listField, boolean bareArray, Map<String, String> localNames) {
        this.listField = listField;
        this.bareArray = bareArray;
        this.localNames = localNames;
    }

    /** {@code types}: the type of a local column, or null for a field the table does not define. */
    Parsed parse(ObjectMapper mapper, InputStream body, String what, Function<String, ColumnType> types)
            throws IOException {
        ItemReader toLocal = new ItemReader(localNames, types);
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            List<PageItem> items = new ArrayList<>();
            long count = -1;
            String nextLink = null;
            if (first == JsonToken.START_ARRAY && bareArray) {
                readItems(parser, items, what, toLocal);
            } else if (first == JsonToken.START_OBJECT) {
                boolean list = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals(listField) && value == JsonToken.START_ARRAY) {
                        readItems(parser, items, what, toLocal);
                        list = true;
                    } else if (field.equals("count") && value.isNumeric()) {
                        count = parser.getLongValue();
                    } else if (field.equals("nextLink")) {
                        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                            throw new ProtocolException("The server's answer to " + what + " has a nextLink that is"
                                    + " not a string (" + value + "): nothing of it was applied; check the server");
                        }
                        nextLink = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!list) {
                    throw new ProtocolException("The server's answer to " + what + " is a JSON object without a"
                            + " '" + listField + "' list (a single item or an error?): nothing of it was applied;"
                            + " check the service URI and the dialect (SyncClient.Builder.dialect) match the server");
                }
            } else {
                throw new ProtocolException("The server's answer to " + what + " is not a JSON list of items"
                        + " (it starts with " + first + "): check the service URI, that it is a table service, and"
                        + " the client's protocol dialect");
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException("The server's answer to " + what + " has data after the list"
                        + ": nothing of it was applied; check the server (or a proxy between) and pull again");
            }
            return new Parsed(items, count, nextLink != null && !nextLink.isEmpty());
        }
    }

    private static void readItems(JsonParser parser, List<PageItem> items, String what, ItemReader toLocal)
            throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new ProtocolException("The server's answer to " + what + " ends in the middle of the list"
                        + ": nothing of it was applied; the connection was cut or the server failed mid-answer; pull"
                        + " again");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new ProtocolException("The server's answer to " + what + " holds a " + token
                        + " where an item object was expected (item " + (items.size() + 1) + "): nothing of it"
                        + " was applied; check the server (or a proxy between) and pull again");
            }
            items.add(toLocal.read(parser));
        }
    }
}

package dev.offlinesync.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list body as a stream: a bare array, {@code {results, count}} (Mobile Apps) or
 * {@code {items, count, nextLink}} (Datasync). Only one page is ever held in memory.
 */
final class PageParser {

    private PageParser() {
    }

    static Page parse(ObjectMapper mapper, InputStream body, String what) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            List<ObjectNode> items = new ArrayList<>();
            long count = -1;
            String nextLink = null;
            if (first == JsonToken.START_ARRAY) {
                readItems(parser, items, what);
            } else if (first == JsonToken.START_OBJECT) {
                boolean list = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ((field.equals("results") || field.equals("items")) && value == JsonToken.START_ARRAY) {
                        readItems(parser, items, what);
                        list = true;
                    } else if (field.equals("count") && value.isNumeric()) {
                        count = parser.getLongValue();
                    } else if (field.equals("nextLink")) {
                        nextLink = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!list) {
                    throw new ProtocolException("The server's answer to " + what + " is a JSON object without a"
                            + " 'results' or 'items' list (a single item or an error?): nothing of it was applied");
                }
            } else {
                throw new ProtocolException("The server's answer to " + what + " is not a JSON list of items"
                        + " (it starts with " + first + "): check the service URI and that it is a table service");
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException("The server's answer to " + what + " has data after the list");
            }
            return new Page(items, count, nextLink, false, null);
        }
    }

    private static void readItems(JsonParser parser, List<ObjectNode> items, String what) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new ProtocolException("The server's answer to " + what + " ends in the middle of the list");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new ProtocolException("The server's answer to " + what + " holds a " + token
                        + " where an item object was expected (item " + (items.size() + 1) + ")");
            }
            JsonNode node = parser.readValueAsTree();
            items.add((ObjectNode) node);
        }
    }
}

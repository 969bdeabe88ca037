package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import java.util.Locale;

/** The rules for item ids and table names a user may choose, checked before anything reaches a store. */
public final class Identifiers {

    private static final int MAX_ID_LENGTH = 255;

    private Identifiers() {
    }

    /** The string id of an item, checked. */
    static String validId(ObjectNode item, String table) {
        JsonNode id = item.get("id");
        if (id == null || !id.isTextual()) {
            throw new InvalidItemException("Item of table " + table + " needs a string 'id' (was "
                    + (id == null ? "missing" : id.getNodeType().name().toLowerCase(Locale.ROOT))
                    + "): ids are strings so that clients can make them offline");
        }
        return requireValidId(id.textValue(), table);
    }

    /** Checks an id: 1 to 255 characters, no control characters, not blank, not "." or "..". */
    public static String requireValidId(String id, String table) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || id.equals(".") || id.equals("..")
                || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidItemException("Invalid id '" + id + "' for table " + table + ": use 1 to "
                    + MAX_ID_LENGTH + " characters, not blank, without control characters");
        }
        return id;
    }

    /** Checks the name of a user's sync table: names of the engine's own tables are reserved. */
    public static void requireUserTableName(String name) {
        if (name == null || name.startsWith("MS_")) {
            throw new InvalidItemException("Invalid table name '" + name + "': names starting with MS_ are reserved"
                    + " for the sync engine's own tables");
        }
    }
}

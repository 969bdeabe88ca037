package dev.offlinesync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.InvalidItemException;
import dev.offlinesync.spi.TableDefinition;
import java.util.Locale;

/**
 * The rules for item ids and table names a user may choose, checked before anything reaches a store. An id
 * (or a filter string) with an unpaired UTF-16 surrogate is refused: it has no UTF-8 form, so encoding it for a
 * URL or a store would quietly turn it into another text (a {@code ?} for the surrogate).
 */
public final class Identifiers {

    private static final int MAX_ID_LENGTH = 255;

    /** The prefix of the sync engine's own tables; reserved in any case, as SQL stores ignore case in names. */
    private static final String RESERVED_PREFIX = "MS_";

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

    /**
     * Checks an id: 1 to 255 characters, no control characters, no unpaired surrogates, not blank, not "." or
     * "..".
     */
    public static String requireValidId(String id, String table) {
        if (id == null || id.length() > MAX_ID_LENGTH || id.equals(".") || id.equals("..") || !validText(id)) {
            throw new InvalidItemException("Invalid id '" + id + "' for table " + table + ": use 1 to "
                    + MAX_ID_LENGTH + " characters, not blank, without control characters or unpaired UTF-16"
                    + " surrogates");
        }
        return id;
    }

    /**
     * Not blank, no control character, no unpaired surrogate, in one pass: every local write and every pulled row
     * checks its id (a pass per rule was half of a pulled page's checks), and the printable ASCII of most ids is
     * passed over by one comparison a character.
     */
    private static boolean validText(String id) {
        boolean blank = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c > ' ' && c < 0x7F) {
                blank = false;
            } else if (Character.isISOControl(c)) {
                return false;
            } else if (Character.isHighSurrogate(c) && i + 1 < id.length()
                    && Character.isLowSurrogate(id.charAt(i + 1))) {
                blank &= Character.isWhitespace(Character.toCodePoint(c, id.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                return false;
            } else if (!Character.isWhitespace(c)) {
                blank = false;
            }
        }
        return !blank;
    }

    /**
     * Checks the name of a user's sync table: a plain identifier (letters, digits, underscore), not starting
     * with MS_ in any case (the engine's own tables). A store may reserve more names; it refuses them when the
     * table is defined.
     */
    public static void requireUserTableName(String name) {
        try {
            TableDefinition.requireIdentifier(name, "table name");
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(e.getMessage(), e);
        }
        if (name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
            throw new InvalidItemException("Invalid table name '" + name + "': names starting with "
                    + RESERVED_PREFIX + " (in any case) are reserved for the sync engine's own tables; pick another"
                    + " name");
        }
    }

    /** The index of the first UTF-16 surrogate in the text that is not half of a pair, or -1 when there is none. */
    public static int unpairedSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}

package dev.offlinesync.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.InvalidItemException;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void tableNamesStartingWithMsAreReservedInAnyCase() {
        for (String name : new String[] {"MS_TableOperations", "ms_tableoperations", "Ms_TableConfig", "mS_mine"}) {
            InvalidItemException e = assertThrows(InvalidItemException.class, () -> Identifiers.requireUserTableName(name));
            assertTrue(e.getMessage().contains("reserved for the sync engine's own tables"), e.getMessage());
        }
        Identifiers.requireUserTableName("msg_TodoItem");
        Identifiers.requireUserTableName("TodoItem_MS_");
    }

    @Test
    void tableNamesMustBePlainIdentifiers() {
        for (String name : new String[] {null, "", "todo items", "todo$", "1todo", "tod\uD800o", "todo😀", "tödo"}) {
            assertThrows(InvalidItemException.class, () -> Identifiers.requireUserTableName(name), String.valueOf(name));
        }
    }

    @Test
    void idsWithAnUnpairedSurrogateAreRefused() {
        for (String id : new String[] {"a\uD800", "\uDC00a", "a\uDC00\uD800b", "\uD83D"}) {
            InvalidItemException e = assertThrows(InvalidItemException.class, () -> Identifiers.requireValidId(id, "t"));
            assertTrue(e.getMessage().contains("unpaired UTF-16 surrogates"), e.getMessage());
        }
        assertEquals("smile-😀", Identifiers.requireValidId("smile-😀", "t"), "a surrogate pair is one character");
    }

    @Test
    void idsWithAControlCharacterAnywhereAreRefused() {
        for (String id : new String[] {"\u0000", "a\nb", "tab\t", "\u007fdel", "c1-\u0085", "end\u009f"}) {
            InvalidItemException e = assertThrows(InvalidItemException.class, () -> Identifiers.requireValidId(id, "t"));
            assertTrue(e.getMessage().contains("without control characters"), e.getMessage());
        }
        assertEquals("a b~\u00a0é", Identifiers.requireValidId("a b~\u00a0é", "t"), "space, tilde, no-break space");
    }

    @Test
    void everyCharacterIsJudgedByTheRulesForIds() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String middle = "a" + c + "b";
            boolean refused = Character.isISOControl(c) || Character.isSurrogate(c);
            assertEquals(refused, isRefused(middle), "U+" + Integer.toHexString(c));
            String alone = String.valueOf(c);
            assertEquals(refused || alone.isBlank() || c == '.', isRefused(alone), "U+" + Integer.toHexString(c));
            String spaced = " " + c + "\u2003";
            assertEquals(refused || spaced.isBlank(), isRefused(spaced), "U+" + Integer.toHexString(c));
        }
        assertTrue(isRefused(""));
        assertTrue(isRefused(" \u3000\u2003"), "whitespace only");
        assertEquals("\u2003😀", Identifiers.requireValidId("\u2003😀", "t"), "a pair after a space is not blank");
    }

    private static boolean isRefused(String id) {
        try {
            Identifiers.requireValidId(id, "t");
            return false;
        } catch (InvalidItemException e) {
            return true;
        }
    }

    @Test
    void unpairedSurrogateAtFindsTheFirstLoneHalf() {
        assertEquals(-1, Identifiers.unpairedSurrogateAt(""));
        assertEquals(-1, Identifiers.unpairedSurrogateAt("é😀x😀"));
        assertEquals(1, Identifiers.unpairedSurrogateAt("a\uD800"));
        assertEquals(1, Identifiers.unpairedSurrogateAt("a\uDE00\uD83D\uDE00"), "a low half before a pair");
        assertEquals(2, Identifiers.unpairedSurrogateAt("😀\uD83Da"), "a high half not followed by a low one");
    }
}

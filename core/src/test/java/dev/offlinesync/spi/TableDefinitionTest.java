package dev.offlinesync.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableDefinitionTest {

    @Test
    void identifiersAreLettersDigitsAndUnderscoresStartingWithALetterOrUnderscoreUpTo128Characters() {
        String longest = "a" + "b1_".repeat(42) + "z";
        assertEquals(128, longest.length());
        for (String good : List.of("a", "_", "Z", "_9", "todo_item", "TodoItem2", "x0123456789", longest)) {
            assertEquals(good, TableDefinition.requireIdentifier(good, "name"));
        }
        for (String bad : List.of("", "9a", "a b", "a-b", "a.b", "é", "a\u0000", "_@", "[", "`a", "a{",
                longest + "c")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> TableDefinition.requireIdentifier(bad, "column name"), bad);
            assertEquals("Invalid column name '" + bad + "': use letters, digits and underscores only, starting"
                    + " with a letter or underscore, at most 128 characters", refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TableDefinition.requireIdentifier(null, "table name"));
    }
}

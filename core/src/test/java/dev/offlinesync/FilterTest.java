package dev.offlinesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.spi.Predicate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {

    private static final String LONE_HIGH = "buy \uD83D";

    @Test
    void stringValuesWithAnUnpairedSurrogateAreRefusedWhenTheFilterIsMade() {
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> Filter.eq("text", LONE_HIGH));
        assertTrue(e.getMessage().contains("'text'") && e.getMessage().contains("unpaired UTF-16 surrogate (at index 4)"),
                e.getMessage());
        assertThrows(InvalidItemException.class, () -> Filter.ne("text", "\uDC00"));
        assertThrows(InvalidItemException.class, () -> Filter.gt("text", LONE_HIGH));
        assertThrows(InvalidItemException.class, () -> Filter.in("text", "fine", LONE_HIGH));
        assertThrows(InvalidItemException.class, () -> Filter.startsWith("text", LONE_HIGH));
        assertThrows(InvalidItemException.class, () -> Filter.endsWith("text", LONE_HIGH));
        assertThrows(InvalidItemException.class, () -> Filter.contains("text", LONE_HIGH));
        assertThrows(InvalidItemException.class, () -> Filter.eq("letter", '\uD800'), "a lone surrogate Character");
    }

    @Test
    void aWrappedPredicateTreeIsCheckedToItsLeaves() {
        Predicate deep = new Predicate.Not(new Predicate.And(List.of(new Predicate.IsNull("a"),
                new Predicate.Or(List.of(new Predicate.Comparison("text", Predicate.Op.EQ, LONE_HIGH))))));

        assertThrows(InvalidItemException.class, () -> Filter.of(deep));
        assertThrows(InvalidItemException.class, () -> Filter.of(new Predicate.In("text", List.of(1L, LONE_HIGH))));
        assertThrows(InvalidItemException.class,
                () -> Filter.of(new Predicate.StringMatch("text", Predicate.Match.CONTAINS, LONE_HIGH)));
    }

    @Test
    void surrogatePairsAreOrdinaryText() {
        Filter smile = Filter.eq("text", "buy 😀").or(Filter.contains("text", "😀"));

        assertEquals(smile, Filter.of(smile.predicate()));
    }
}

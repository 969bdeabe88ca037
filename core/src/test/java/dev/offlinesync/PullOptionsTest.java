package dev.offlinesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PullOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        PullOptions options = PullOptions.defaults();
        assertEquals(PullOptions.DEFAULT_PAGE_SIZE, options.pageSize());
        assertEquals(1000, options.pageSize());
        assertEquals(Long.MAX_VALUE, options.maxItems());
        assertEquals(PullOptions.DEFAULT_RECONCILE, options.reconcile());
        assertEquals(PullOptions.DEFAULT_COUNT_TOTAL, options.countTotal());
    }

    @Test
    void withMethodsChangeOneSettingOfTheDefaults() {
        PullOptions options = PullOptions.defaults().withPageSize(200).withCountTotal(true);
        assertEquals(200, options.pageSize());
        assertEquals(true, options.countTotal());
        assertEquals(Long.MAX_VALUE, options.maxItems());
        assertThrows(InvalidItemException.class, () -> PullOptions.defaults().withPageSize(0));
    }
}

package dev.offlinesync.examples.todo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.offlinesync.ProtocolDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoTest {

    @Test
    void demoWalksThroughOfflineEditsConflictsDeletesAndABigPull() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("phone: 3 items locally, 3 changes queued; server: 0 items"), out);
        assertTrue(out.contains("phone: 0 changes queued; server: 3 items"), out);
        assertTrue(out.contains("laptop received 3 items in 1 request(s)"), out);
        assertTrue(out.contains("laptop chose Use Client -> laptop now shows 'buy milk (laptop)'"), out);
        assertTrue(out.contains("laptop chose Use Server -> laptop now shows 'call mom (phone)'"), out);
        assertTrue(out.contains("laptop cancelled the push (CANCELLED): 1 change(s) stay queued"), out);
        assertTrue(out.contains("phone removed 1 row(s)"), out);
        assertTrue(out.contains("laptop chose Cancel -> laptop now shows 'water plants (phone)'"), out);
        assertTrue(out.contains("2000 items in 11 requests"), out);
        assertTrue(out.contains("Done"), out);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolDialect.class, names = {"DATASYNC", "MOBILE_SERVICES"})
    void theDemoRunsTheSameAgainstTheOtherDialects(ProtocolDialect dialect) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), dialect).run();
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("phone: 0 changes queued; server: 3 items"), out);
        assertTrue(out.contains("laptop chose Use Client -> laptop now shows 'buy milk (laptop)'"), out);
        assertTrue(out.contains("laptop chose Use Server -> laptop now shows 'call mom (phone)'"), out);
        assertTrue(out.contains("laptop chose Cancel -> laptop now shows 'water plants (phone)'"), out);
        assertTrue(out.contains("the phone now has 2002 open items"), out); // a repeated row may count twice
        assertTrue(out.contains("Done"), out);
    }
}

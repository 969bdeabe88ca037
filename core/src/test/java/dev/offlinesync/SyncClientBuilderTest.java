package dev.offlinesync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** What the builder says when it refuses a setting: what was wrong and what to do, never a secret it was given. */
class SyncClientBuilderTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0";

    @Test
    void aHeaderValueTheJdkRefusesIsNamedNotQuoted() {
        SyncClient.Builder builder = SyncClient.builder(URI.create("https://example.org/"));

        SyncException refused = assertThrows(SyncException.class,
                () -> builder.header("X-Api-Key", TOKEN + "\r\n"));

        assertTrue(refused.getMessage().contains("X-Api-Key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("line break or control character"), refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(TOKEN), t.toString());
        }
    }

    @Test
    void aServiceUriThatIsNotHttpIsNamedWithoutItsQuery() {
        URI ftp = URI.create("ftp://example.org/files?sig=" + TOKEN);

        SyncException refused = assertThrows(SyncException.class, () -> SyncClient.builder(ftp));

        assertTrue(refused.getMessage().contains("was ftp://example.org/files (its query left out)"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
    }

    @Test
    void aServiceUriWithAQueryIsRefusedBecauseTablePathsWouldFollowTheQuery() {
        URI withKey = URI.create("https://example.org/api?code=" + TOKEN);

        SyncException refused = assertThrows(SyncException.class, () -> SyncClient.builder(withKey));

        assertTrue(refused.getMessage().contains("https://example.org/api (its query left out)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("header("), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
    }

    @Test
    void aServiceUriWithAFragmentIsRefused() {
        SyncException refused = assertThrows(SyncException.class,
                () -> SyncClient.builder(URI.create("https://example.org/#tables")));

        assertTrue(refused.getMessage().contains("query or fragment"), refused.getMessage());
    }
}

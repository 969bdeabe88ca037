package dev.offlinesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void theDefaultRetriesTwiceFrom200MillisecondsDoublingUpTo30Seconds() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertEquals(2, policy.maxRetries());
        assertEquals(Duration.ofMillis(200), policy.baseDelay());
        assertEquals(Duration.ofSeconds(30), policy.maxDelay());
        assertEquals(0.2, policy.jitter());
        assertEquals(Duration.ofMillis(200), policy.delayBefore(0));
        assertEquals(Duration.ofMillis(400), policy.delayBefore(1));
        assertEquals(Duration.ofMillis(800), policy.delayBefore(2));
    }

    @Test
    void defaultsIsTheDefaultPolicyAndTheStartOfOwnOnes() {
        assertEquals(RetryPolicy.DEFAULT, RetryPolicy.defaults());
        RetryPolicy five = RetryPolicy.defaults().withMaxRetries(5);
        assertEquals(5, five.maxRetries());
        assertEquals(RetryPolicy.DEFAULT_BASE_DELAY, five.baseDelay());
    }

    @Test
    void theDelayIsCappedAtTheMaximumHoweverManyRetries() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withMaxRetries(100).withMaxDelay(Duration.ofSeconds(5));
        assertEquals(Duration.ofMillis(3200), policy.delayBefore(4));
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(5));
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(99));
        assertEquals(Duration.ZERO, policy.withBaseDelay(Duration.ZERO).delayBefore(99));
    }

    @Test
    void withMethodsReturnANewPolicyAndLeaveTheOriginal() {
        RetryPolicy changed = RetryPolicy.DEFAULT.withMaxRetries(5).withBaseDelay(Duration.ofSeconds(1))
                .withMaxDelay(Duration.ofMinutes(1)).withJitter(0);
        assertEquals(5, changed.maxRetries());
        assertEquals(Duration.ofSeconds(1), changed.baseDelay());
        assertEquals(Duration.ofMinutes(1), changed.maxDelay());
        assertEquals(0.0, changed.jitter());
        assertEquals(2, RetryPolicy.DEFAULT.maxRetries());
        assertEquals(changed, RetryPolicy.DEFAULT.withMaxRetries(5).withBaseDelay(Duration.ofSeconds(1))
                .withMaxDelay(Duration.ofMinutes(1)).withJitter(0));
        assertEquals(0, RetryPolicy.NONE.maxRetries());
    }

    @Test
    void invalidValuesAreRefusedAtOnceWithTheReason() {
        assertRefused(() -> RetryPolicy.DEFAULT.withMaxRetries(-1), "maxRetries");
        assertRefused(() -> RetryPolicy.DEFAULT.withMaxRetries(RetryPolicy.MAX_RETRIES_LIMIT + 1), "maxRetries");
        assertRefused(() -> RetryPolicy.DEFAULT.withBaseDelay(Duration.ofMillis(-1)), "baseDelay");
        assertRefused(() -> RetryPolicy.DEFAULT.withBaseDelay(null), "baseDelay");
        assertRefused(() -> RetryPolicy.DEFAULT.withMaxDelay(Duration.ZERO), "maxDelay");
        assertRefused(() -> RetryPolicy.DEFAULT.withBaseDelay(Duration.ofMinutes(1)), "raise maxDelay first");
        assertRefused(() -> RetryPolicy.DEFAULT.withMaxDelay(Duration.ofMillis(100)), "raise maxDelay first");
        assertRefused(() -> RetryPolicy.DEFAULT.withJitter(1.5), "jitter");
        assertRefused(() -> RetryPolicy.DEFAULT.withJitter(Double.NaN), "jitter");
        assertRefused(() -> RetryPolicy.DEFAULT.delayBefore(-1), "retry");
    }

    @Test
    void theRetriesShorthandKeepsWorkingAndValidates() {
        SyncClient.Builder builder = SyncClient.builder(URI.create("https://example.org/"));
        builder.retries(0, Duration.ofMillis(1)).retries(3, Duration.ofMinutes(2));
        assertRefused(() -> builder.retries(-1, Duration.ofMillis(1)), "maxRetries");
        assertRefused(() -> builder.retries(1, null), "backoff");
        assertRefused(() -> builder.responseDeadline(Duration.ZERO), "responseDeadline");
    }

    private static void assertRefused(Runnable call, String mention) {
        SyncException e = assertThrows(SyncException.class, call::run);
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}

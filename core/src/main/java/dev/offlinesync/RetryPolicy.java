package dev.offlinesync;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long the client waits before sending a request again after a 5xx, 429 or 408 answer, a
 * failed connection, or no answer within the request timeout. The wait before retry {@code n} (0-based) is
 * {@code baseDelay * 2^n}, capped at {@code maxDelay}, then shortened by up to {@code jitter} of itself at
 * random, so that many devices coming back after an outage do not all retry in step.
 *
 * <p>A 429 or 503 answer with {@code Retry-After} (seconds or an HTTP date) waits what the server asked, without
 * jitter. If the server asks for longer than {@code maxDelay}, the client does not wait: the request fails at
 * once with an {@link HttpStatusException} whose message says when to try again.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.defaults().withMaxRetries(4).withMaxDelay(Duration.ofSeconds(10));
 * }</pre>
 *
 * Immutable; every {@code with...} method validates its argument at once and returns a new policy.
 */
public final class RetryPolicy {

    /** Retries after the first attempt: 2. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Wait before the first retry: 200 ms (doubling for each further retry). */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
    /** Longest wait before one retry, and the longest {@code Retry-After} the client honours: 30 s. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Each computed wait is shortened by up to this fraction of itself at random: 0.2. */
    public static final double DEFAULT_JITTER = 0.2;
    /** The most retries a policy allows: 100. */
    public static final int MAX_RETRIES_LIMIT = 100;

    /** 2 retries, 200 ms doubling, at most 30 s, 20 % jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_RETRIES, DEFAULT_BASE_DELAY,
            DEFAULT_MAX_DELAY, DEFAULT_JITTER);

    /**
     * The policy a client uses unless told otherwise, {@link #DEFAULT}: {@value #DEFAULT_MAX_RETRIES} retries, waits
     * from {@link #DEFAULT_BASE_DELAY} doubling up to {@link #DEFAULT_MAX_DELAY}, jitter {@value #DEFAULT_JITTER}.
     * The starting point for a policy of one's own ({@code defaults().withMaxRetries(5)}).
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /** No retries: every failure surfaces at once. */
    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double jitter;

    private RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, double jitter) {
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new SyncException("maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", was " + maxRetries);
        }
        if (baseDelay == null || baseDelay.isNegative()) {
            throw new SyncException("baseDelay must be zero or a positive duration, was " + baseDelay);
        }
        if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
            throw new SyncException("maxDelay must be a positive duration, was " + maxDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new SyncException("maxDelay (" + maxDelay + ") must not be shorter than baseDelay (" + baseDelay
                    + "): raise maxDelay first");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new SyncException("jitter must be a fraction between 0 and 1, was " + jitter);
        }
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
    }

    /**
     * This policy with another number of retries after the first attempt.
     *
     * @param retries 0 to {@value #MAX_RETRIES_LIMIT}
     * @return a new policy
     */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, baseDelay, maxDelay, jitter);
    }

    /**
     * This policy with another wait before the first retry.
     *
     * @param delay zero or positive, not above {@link #maxDelay()}
     * @return a new policy
     */
    public RetryPolicy withBaseDelay(Duration delay) {
        return new RetryPolicy(maxRetries, delay, maxDelay, jitter);
    }

    /**
     * This policy with another cap on one wait and on an honoured {@code Retry-After}.
     *
     * @param delay at least the base delay
     * @return a new policy
     */
    public RetryPolicy withMaxDelay(Duration delay) {
        return new RetryPolicy(maxRetries, baseDelay, delay, jitter);
    }

    /**
     * This policy with another jitter: each wait is shortened by up to this fraction at random.
     *
     * @param fraction 0 to 1
     * @return a new policy
     */
    public RetryPolicy withJitter(double fraction) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, fraction);
    }

    /**
     * {@return how many times a request is sent again after the first attempt}
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * {@return the wait before the first retry}
     */
    public Duration baseDelay() {
        return baseDelay;
    }

    /**
     * {@return the cap on one wait and on an honoured {@code Retry-After}}
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * {@return the fraction by which each wait is shortened at random, at most}
     */
    public double jitter() {
        return jitter;
    }

    /**
     * The wait before retry {@code retry} (0 for the first) before jitter: {@code baseDelay * 2^retry}, capped at
     * {@code maxDelay}.
     *
     * @param retry 0 for the first retry
     * @return the wait
     */
    public Duration delayBefore(int retry) {
        if (retry < 0) {
            throw new SyncException("retry must be >= 0, was " + retry);
        }
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        // base * 2^retry > max exactly when base > floor(max / 2^retry); testing that way cannot overflow.
        if (base == 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(base > (max >> Math.min(retry, 62)) ? max : base << retry);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetryPolicy p && p.maxRetries == maxRetries && p.baseDelay.equals(baseDelay)
                && p.maxDelay.equals(maxDelay) && Double.compare(p.jitter, jitter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, baseDelay, maxDelay, jitter);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", jitter=" + jitter + "]";
    }
}

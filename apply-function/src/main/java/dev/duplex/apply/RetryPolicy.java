package dev.duplex.apply;

import java.time.Duration;

/**
 * How often one message is tried within one invocation when the failure may pass (deadlock,
 * lock wait timeout, lost connection), and how long to wait between tries.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, int multiplier) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(100), 4);
    /** One attempt: the failure is reported at once (tests that look at a failed attempt use it). */
    public static final RetryPolicy NO_RETRY = new RetryPolicy(1, Duration.ZERO, 1);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be >= 1");
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempts count from 1). */
    public Duration backoffAfter(int attempt) {
        long factor = (long) Math.pow(multiplier, attempt - 1);
        return firstBackoff.multipliedBy(factor);
    }
}

package dev.duplex.core.config;

/**
 * When the task raises an alert. A threshold of 0 turns that alert off.
 *
 * @param latencySeconds     alert when either direction lags more than this
 * @param onFailure          alert when the task enters FAILED
 * @param conflictsPerHour   alert when at least this many conflicts are recorded within an hour
 * @param deadLetterMessages alert when a dead-letter queue holds at least this many messages
 * @param ddlFailuresPerHour alert when node b refuses at least this many DDL statements within an hour (the task
 *                           skips them and goes on, so b's schema then differs from a's)
 */
public record Alerts(boolean enabled, int latencySeconds, boolean onFailure, int conflictsPerHour,
                     int deadLetterMessages, int ddlFailuresPerHour) {

    public static final int DEFAULT_LATENCY_SECONDS = 30;
    public static final int MAX_LATENCY_SECONDS = 86_400;

    public Alerts {
        if (latencySeconds < 0 || latencySeconds > MAX_LATENCY_SECONDS) {
            throw new IllegalArgumentException("latencySeconds must be 0.." + MAX_LATENCY_SECONDS);
        }
        if (conflictsPerHour < 0 || deadLetterMessages < 0 || ddlFailuresPerHour < 0) {
            throw new IllegalArgumentException("alert thresholds must not be negative");
        }
    }

    public static Alerts defaults() {
        return new Alerts(true, DEFAULT_LATENCY_SECONDS, true, 1, 1, 1);
    }
}

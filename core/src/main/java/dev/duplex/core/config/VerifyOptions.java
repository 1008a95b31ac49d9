package dev.duplex.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Scheduled verification: node a's capture (or {@code duplex local}) compares the nodes every
 * {@code schedule}, as {@code duplex verify} does, and records the outcome for {@code duplex status},
 * a metric and an alarm.
 *
 * @param schedule   how often; null: never (the default)
 * @param chunkRows  rows per checksummed chunk
 * @param parallel   tables compared at once
 */
public record VerifyOptions(Duration schedule, int chunkRows, int parallel) {
    public static final Duration MIN_SCHEDULE = Duration.ofMinutes(1);
    public static final Duration MAX_SCHEDULE = Duration.ofDays(30);
    public static final int DEFAULT_CHUNK_ROWS = 10_000;
    public static final int DEFAULT_PARALLEL = 2;

    public VerifyOptions {
        if (schedule != null && (schedule.compareTo(MIN_SCHEDULE) < 0 || schedule.compareTo(MAX_SCHEDULE) > 0)) {
            throw new IllegalArgumentException("verify schedule must be 1m..30d, got " + schedule);
        }
        if (chunkRows < 1 || parallel < 1) {
            throw new IllegalArgumentException("verify chunkRows and parallel must be at least 1");
        }
    }

    public static VerifyOptions off() {
        return new VerifyOptions(null, DEFAULT_CHUNK_ROWS, DEFAULT_PARALLEL);
    }

    public Optional<Duration> every() {
        return Optional.ofNullable(schedule);
    }
}

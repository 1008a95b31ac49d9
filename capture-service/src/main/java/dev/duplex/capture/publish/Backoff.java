package dev.duplex.capture.publish;

import java.time.Duration;

/** Exponential backoff between two bounds, doubling per attempt. */
public record Backoff(Duration initial, Duration max) {
    public Duration delay(int attempt) {
        long millis = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** Sleeps for the attempt's delay; false if interrupted (the interrupt flag stays set). */
    public boolean sleep(int attempt) {
        try {
            Thread.sleep(delay(attempt).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

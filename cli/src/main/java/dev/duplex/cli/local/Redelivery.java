package dev.duplex.cli.local;

import java.time.Duration;

/**
 * When a failed message comes back, and how many receives its queue allows before the DLQ.
 *
 * <p>A message that fails because the target is unreachable must not reach the DLQ before the
 * task's retry window is over: the DLQ is for messages that can never apply, and sending a good
 * one there would break the group's order. SQS allows at most 1000 receives, so for a long
 * window the pause before the next receive grows (doubling from {@code first}) up to a
 * ceiling that makes 1000 receives span the whole window; a short outage is still retried soon.
 *
 * @param first           pause after the first failures (the queue's visibility time-out)
 * @param ceiling         longest pause between two receives
 * @param maxReceiveCount receives before SQS moves a message to the DLQ
 */
public record Redelivery(Duration first, Duration ceiling, int maxReceiveCount) {
    /** SQS's upper limit of a redrive policy's maxReceiveCount. */
    static final int SQS_MAX_RECEIVES = 1000;
    /** Receives spent while the pause ramps up from {@code first} to the ceiling are at most this many. */
    private static final int RAMP_RECEIVES = 20;

    public static Redelivery forRetryWindow(int retryWindowMinutes, Duration first) {
        long window = Duration.ofMinutes(retryWindowMinutes).toSeconds();
        long atFirst = window / first.toSeconds() + 1;
        if (atFirst <= SQS_MAX_RECEIVES) {
            return new Redelivery(first, first, (int) Math.max(5, atFirst));
        }
        long ceiling = -Math.floorDiv(-window, SQS_MAX_RECEIVES - RAMP_RECEIVES);
        return new Redelivery(first, Duration.ofSeconds(Math.max(first.toSeconds(), ceiling)), SQS_MAX_RECEIVES);
    }

    /** Pause before the next receive of a message that failed on its {@code receiveCount}-th receive. */
    public Duration pauseAfter(int receiveCount) {
        int doublings = Math.min(Math.max(0, receiveCount - 1), 20);
        Duration pause = first.multipliedBy(1L << doublings);
        return pause.compareTo(ceiling) > 0 ? ceiling : pause;
    }

    /** Lower bound of the time from a message's first receive until it reaches the DLQ. */
    Duration span() {
        Duration total = Duration.ZERO;
        for (int i = 1; i < maxReceiveCount; i++) {
            total = total.plus(pauseAfter(i));
        }
        return total;
    }
}

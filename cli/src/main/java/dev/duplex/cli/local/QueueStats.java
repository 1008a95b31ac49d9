package dev.duplex.cli.local;

import java.time.Instant;
import java.util.Optional;

/**
 * One direction's queue as SQS counts it, and its dead-letter queue. SQS's counts are
 * approximate by its own definition (ApproximateNumberOfMessages...), so every output says so.
 *
 * @param messages    ApproximateNumberOfMessages: waiting to be received
 * @param inFlight    ApproximateNumberOfMessagesNotVisible: received, not yet deleted
 * @param dlqMessages the DLQ's ApproximateNumberOfMessages plus ApproximateNumberOfMessagesNotVisible
 * @param oldest      age of the oldest message, as far as it is known
 * @param unavailable why the counts could not be read; empty when they were
 */
public record QueueStats(long messages, long inFlight, long dlqMessages, OldestAge oldest, String unavailable) {

    /**
     * Age of the queue's oldest message.
     *
     * @param millis     -1 when unknown
     * @param lowerBound the true age is this or more
     * @param basis      how it was found, or why it is unknown: "lower bound ...", "queue empty", "unavailable: ..."
     * @param source     where the figure comes from ({@link #LOCAL}, {@link #CLOUDWATCH}); empty when nothing was read
     * @param measuredAt when the figure held: the reading's time locally, CloudWatch's datapoint on AWS
     */
    public record OldestAge(long millis, boolean lowerBound, String basis, String source, Optional<Instant> measuredAt) {
        /** The local runtime's pollers (queue-heads.json) and the queue's depth. */
        public static final String LOCAL = "local runtime";
        /** CloudWatch's AWS/SQS ApproximateAgeOfOldestMessage. */
        public static final String CLOUDWATCH = "CloudWatch";

        public static OldestAge unknown(String why) {
            return unknown(why, "");
        }

        public static OldestAge unknown(String why, String source) {
            return new OldestAge(-1, false, why, source, Optional.empty());
        }

        public boolean known() {
            return millis >= 0;
        }

        String text() {
            if (!known()) {
                return "oldest message age " + basis;
            }
            return "oldest message " + (lowerBound ? ">=" : "") + seconds(millis) + " old (" + basis + ")";
        }
    }

    public static QueueStats unavailable(String why) {
        return new QueueStats(-1, -1, -1, OldestAge.unknown("unavailable: " + why), why);
    }

    public boolean available() {
        return unavailable.isEmpty();
    }

    public long depth() {
        return messages + inFlight;
    }

    /** {@code queue ~3 messages (1 in flight), oldest message >=2.0 s old (...), DLQ ~0}. */
    public String line() {
        if (!available()) {
            return "queue figures unavailable: " + unavailable;
        }
        return String.format("queue ~%d messages (%d in flight), %s, DLQ ~%d%s", depth(), inFlight, oldest.text(),
                dlqMessages, dlqMessages > 0 ? " (duplex task recover after fixing the cause)" : "");
    }

    static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}

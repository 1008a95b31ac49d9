package dev.duplex.capture.batch;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import java.time.Duration;
import java.util.Objects;

/**
 * How the batcher packs transactions.
 *
 * @param maxBytes upper bound of one encoded message body
 * @param linger   how long a batch may wait for more transactions once it holds one
 */
public record BatchSettings(String task, Direction direction, String group, int maxBytes, Duration linger) {
    /** 900 KiB: inside SQS's 1 MiB message limit with room for message attributes and estimate slack. */
    public static final int DEFAULT_MAX_BYTES = 900 * 1024;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
    /** Below this a batch cannot hold its own overhead and one ordinary row. */
    public static final int MIN_MAX_BYTES = 4 * 1024;

    public BatchSettings {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        group = group == null ? QueueNames.defaultGroup(direction) : group;
        linger = linger == null ? DEFAULT_LINGER : linger;
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBatchBytes must be at least " + MIN_MAX_BYTES + ", got " + maxBytes);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, got " + linger);
        }
    }

    public static BatchSettings defaults(String task, Direction direction) {
        return new BatchSettings(task, direction, null, DEFAULT_MAX_BYTES, DEFAULT_LINGER);
    }
}

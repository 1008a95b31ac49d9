package dev.duplex.capture.batch;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import java.time.Duration;
import java.util.Objects;

/**
 * How the batcher packs transactions.
 *
 * @param maxBytes      upper bound of one encoded message body
 * @param linger        how long a batch may wait for more transactions once it holds one
 * @param backlogLinger how long it may wait while the apply is behind (the queue holds a backlog:
 *                      {@code QueueBacklog}); never shorter than {@code linger}
 */
public record BatchSettings(String task, Direction direction, String group, int maxBytes, Duration linger,
                            Duration backlogLinger) {
    /** 900 KiB: inside SQS's 1 MiB message limit with room for message attributes and estimate slack. */
    public static final int DEFAULT_MAX_BYTES = 900 * 1024;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
    /**
     * Long enough for a busy source to fill a message (900 KiB is a few thousand row changes): a
     * drain then receives, deletes and commits per few thousand rows instead of per few hundred.
     */
    public static final Duration DEFAULT_BACKLOG_LINGER = Duration.ofMillis(250);
    /** Below this a batch cannot hold its own overhead and one ordinary row. */
    public static final int MIN_MAX_BYTES = 4 * 1024;

    public BatchSettings {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        group = group == null ? QueueNames.defaultGroup(direction) : group;
        linger = linger == null ? DEFAULT_LINGER : linger;
        backlogLinger = backlogLinger == null || backlogLinger.compareTo(linger) < 0 ? linger : backlogLinger;
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBatchBytes must be at least " + MIN_MAX_BYTES + ", got " + maxBytes);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, got " + linger);
        }
    }

    /** Settings that linger as long with or without a backlog. */
    public BatchSettings(String task, Direction direction, String group, int maxBytes, Duration linger) {
        this(task, direction, group, maxBytes, linger, linger);
    }

    public static BatchSettings defaults(String task, Direction direction) {
        return new BatchSettings(task, direction, null, DEFAULT_MAX_BYTES, DEFAULT_LINGER, DEFAULT_BACKLOG_LINGER);
    }
}

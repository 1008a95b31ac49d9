package dev.duplex.capture.publish;

import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides when the capture checkpoint is written. A checkpoint write is an awaited, fenced
 * DynamoDB call on the publisher's only thread, so writing one per message made it the largest
 * share of the publisher's time under load. Here the latest transaction boundary SQS accepted is
 * kept pending, and written once the source has been quiet for {@link #QUIET} (nothing waits
 * behind the last message and none was sent since, so status, tests and the bench see the
 * checkpoint soon after a source stops) or once {@code interval} has passed since the last write
 * (which bounds the write rate under load). Writing at every idle moment instead cost a write per
 * message at a live 2,000 row changes/s (the publisher is idle between messages): 12 % of the
 * publisher's time in the bench, on AWS a DynamoDB write per message and direction.
 *
 * <p>A checkpoint left pending by a crash only makes the next start resume earlier: what is sent
 * again is dropped by SQS dedup or by the apply side's seq check. Pure; time is passed in
 * (nanoTime units); not thread-safe.
 */
public final class CheckpointPacer {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    /** How long nothing must have been published before an idle publisher writes the checkpoint. */
    static final long QUIET = Duration.ofMillis(100).toNanos();

    private final long intervalNanos;
    private CaptureCheckpoint pending;
    private boolean everWritten;
    private long lastWriteAt;
    private long lastPublishAt;

    public CheckpointPacer(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** Everything up to {@code boundary} (a transaction boundary) was accepted by SQS at {@code now}. */
    public void published(CaptureCheckpoint boundary, long now) {
        pending = boundary;
        lastPublishAt = now;
    }

    /**
     * The checkpoint to write now, if one is pending and due: the first of the session at once,
     * then when {@code idle} and quiet for {@link #QUIET}, or once the interval has passed since
     * the last write.
     *
     * @param idle no batch waits to be published
     */
    public Optional<CaptureCheckpoint> due(long now, boolean idle) {
        if (pending == null) {
            return Optional.empty();
        }
        boolean due = !everWritten || now - lastWriteAt >= intervalNanos || (idle && now - lastPublishAt >= QUIET);
        return due ? Optional.of(pending) : Optional.empty();
    }

    /** The checkpoint not written yet, whatever its age: what a graceful stop writes. */
    public Optional<CaptureCheckpoint> pending() {
        return Optional.ofNullable(pending);
    }

    /** {@code cp} was stored at {@code now}; a later boundary published meanwhile stays pending. */
    public void written(CaptureCheckpoint cp, long now) {
        if (cp.equals(pending)) {
            pending = null;
        }
        everWritten = true;
        lastWriteAt = now;
    }
}

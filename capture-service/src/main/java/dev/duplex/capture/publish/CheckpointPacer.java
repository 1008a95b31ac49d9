package dev.duplex.capture.publish;

import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides when the capture checkpoint is written. A checkpoint write is an awaited, fenced
 * DynamoDB call on the publisher's only thread, so writing one per message made it the largest
 * share of the publisher's time under load. Here the latest transaction boundary SQS accepted is
 * kept pending, and written once the publisher is idle (nothing waits behind the message just
 * sent, so status, tests and the bench see the checkpoint at once on a quiet source) or once
 * {@code interval} has passed since the last write (which bounds the write rate under load).
 *
 * <p>A checkpoint left pending by a crash only makes the next start resume earlier: what is sent
 * again is dropped by SQS dedup or by the apply side's seq check. Pure; time is passed in
 * (nanoTime units); not thread-safe.
 */
public final class CheckpointPacer {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private final long intervalNanos;
    private CaptureCheckpoint pending;
    private boolean everWritten;
    private long lastWriteAt;

    public CheckpointPacer(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** Everything up to {@code boundary} (a transaction boundary) was accepted by SQS. */
    public void published(CaptureCheckpoint boundary) {
        pending = boundary;
    }

    /**
     * The checkpoint to write now, if one is pending and due: the first of the session at once,
     * then when {@code idle} or once the interval has passed since the last write.
     *
     * @param idle no batch waits to be published
     */
    public Optional<CaptureCheckpoint> due(long now, boolean idle) {
        if (pending == null) {
            return Optional.empty();
        }
        boolean due = idle || !everWritten || now - lastWriteAt >= intervalNanos;
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

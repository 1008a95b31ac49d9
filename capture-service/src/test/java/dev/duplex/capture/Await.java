package dev.duplex.capture;

import dev.duplex.core.error.DuplexException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for a condition (never a fixed sleep). */
final class Await {
    private Await() {}

    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get());
            }
        }
    }

    /** Waits until the capture reads its binlog (its start position is fixed from then on). */
    static void streaming(CaptureService capture) {
        until(() -> capture.status().state() == CaptureStatus.State.STREAMING
                        || capture.status().state() == CaptureStatus.State.FAILED, Duration.ofSeconds(60),
                () -> "capture to stream, status " + capture.status());
        if (capture.status().state() == CaptureStatus.State.FAILED) {
            throw new AssertionError("capture failed: " + capture.status().reason());
        }
    }

    /** Waits for the capture to stop, receiving meanwhile so that one publishing instead shows what it published. */
    static DuplexException failure(CaptureService capture, QueueDrain q) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (capture.failure().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("capture did not stop within 60 s; status " + capture.status()
                        + "; published: " + q.transactions().values());
            }
            q.receiveOnce(1);
        }
        return capture.failure().get();
    }
}

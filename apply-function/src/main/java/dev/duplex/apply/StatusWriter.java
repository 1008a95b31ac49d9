package dev.duplex.apply;

import dev.duplex.core.thread.ThreadWorker;
import java.time.Duration;

/**
 * Writes a long-lived apply's progress on a thread of its own, so the applying thread never waits
 * for the status store ({@link StatusRecorder#writeInBackground}). It looks a few times per write
 * interval, and writes what is left when it stops.
 */
final class StatusWriter extends ThreadWorker {
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final StatusRecorder status;

    StatusWriter(StatusRecorder status, String task, String direction) {
        super("status-" + task + "-" + direction);
        this.status = status.writeInBackground();
    }

    @Override
    protected void work() {
        while (!stopping()) {
            status.writeIfDue();
            try {
                Thread.sleep(LOOK_EVERY);
            } catch (InterruptedException e) {
                break;
            }
        }
        Thread.interrupted(); // the stop's interrupt must not cut the last write short
        status.writePending();
    }
}

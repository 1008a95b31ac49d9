package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** One direction of a {@link DuplexTask} as an {@link Applier}: holding it pauses the whole task. */
final class DuplexApplier implements Applier {
    private final DuplexTask task;
    private final Direction d;

    DuplexApplier(DuplexTask task, Direction d) {
        this.task = task;
        this.d = d;
    }

    @Override
    public String label() {
        return "Duplex " + d.code();
    }

    @Override
    public void hold() {
        task.pauseIfRunning();
    }

    @Override
    public void readyToRelease() throws InterruptedException {
        task.awaitReturnedMessages();
    }

    @Override
    public void release() {
        task.resumeIfPaused();
    }

    @Override
    public void awaitQueued(BinlogPosition p, Duration timeout) throws InterruptedException {
        task.awaitCaptured(d, p, timeout);
    }

    @Override
    public void awaitApplied(BinlogPosition p, Duration timeout) throws SQLException, InterruptedException {
        task.awaitApplied(d, p, timeout);
    }

    @Override
    public long targetPid() {
        return ProcessStats.pidOf(task.target(d));
    }

    /**
     * Timed from the first batch applied after the resume: the paused poller looks at the task
     * state every 0.5 s, and that wake-up is no part of applying.
     */
    @Override
    public double drain(BinlogPosition p, Duration timeout) throws Exception {
        readyToRelease();
        Optional<BinlogPosition> before = task.appliedPosition(d);
        release();
        long started = task.awaitProgress(d, before, timeout);
        awaitApplied(p, timeout);
        return Timing.secondsSince(started);
    }
}

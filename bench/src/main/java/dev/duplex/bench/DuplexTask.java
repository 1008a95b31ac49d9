package dev.duplex.bench;

import dev.duplex.core.config.Partitioning;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One Duplex task between two bench servers on the embedded default, exactly as
 * {@code duplex local} runs it: ElasticMQ, DynamoDB Local, both captures and both apply pollers
 * in this JVM (a {@link LocalTask}). Adds what the bench needs to observe it: where capture and
 * apply have got to.
 */
final class DuplexTask implements AutoCloseable {
    private final TaskConfig config;
    private final MySqlServer a;
    private final MySqlServer b;
    private final LocalTask local;
    /**
     * How soon the local poller lets a message returned because the task stopped come back (3 s,
     * the cli's EventSourcePoller.RETURNED_SOON), and a margin.
     */
    private static final Duration RETURNED_MESSAGE_DELAY = Duration.ofSeconds(4);

    private long pausedAt = System.nanoTime() - RETURNED_MESSAGE_DELAY.toNanos();
    private long lastHealthCheck = System.nanoTime() - 1_000_000_000L;

    private DuplexTask(TaskConfig config, MySqlServer a, MySqlServer b, LocalTask local) {
        this.config = config;
        this.a = a;
        this.b = b;
        this.local = local;
    }

    /** Writes the task config and starts the AWS stand-ins; {@link #start()} starts the task. */
    static DuplexTask create(LocalTask.Factory tasks, Path dir, String task, MySqlServer a, MySqlServer b,
                             List<String> databases, List<String> syncTypes) {
        return create(tasks, dir, task, a, b, databases, syncTypes, null);
    }

    /** @param fullSync the task's sync.fullSync mapping (YAML flow style), null for the defaults */
    static DuplexTask create(LocalTask.Factory tasks, Path dir, String task, MySqlServer a, MySqlServer b,
                             List<String> databases, List<String> syncTypes, String fullSync) {
        return create(tasks, dir, task, a, b, databases, syncTypes, fullSync, false);
    }

    /** @param tableGroups {@code partitioning: table} (see {@link BenchTaskConfig#write}) */
    static DuplexTask create(LocalTask.Factory tasks, Path dir, String task, MySqlServer a, MySqlServer b,
                             List<String> databases, List<String> syncTypes, String fullSync, boolean tableGroups) {
        String doc = BenchTaskConfig.write(dir, task, a, b, databases, syncTypes, fullSync, tableGroups);
        TaskConfig config = TaskConfigLoader.parse(doc, TaskConfigLoader.Format.YAML);
        return new DuplexTask(config, a, b, tasks.create(dir.resolve("dynamodb"), config, doc));
    }

    /** Stores the task, runs its precheck and starts both directions (and its syncs, if configured). */
    void start() {
        local.start();
    }

    String name() {
        return config.task();
    }

    TaskRecord record() {
        return local.record();
    }

    synchronized void pauseIfRunning() {
        if (local.current() != TaskState.PAUSED) {
            local.moveTo(TaskState.PAUSED, "bench: building a backlog");
            pausedAt = System.nanoTime();
        }
    }

    synchronized void resumeIfPaused() {
        if (local.current() == TaskState.PAUSED) {
            local.moveTo(TaskState.RUNNING, "");
        }
    }

    /**
     * A poller that read the state just before the pause may have received messages and handed
     * them to the function, which returned them unapplied: they come back a few seconds later and
     * hold up their group until then. Waiting it out keeps that stall out of the measured drain.
     */
    void awaitReturnedMessages() throws InterruptedException {
        long readyAt;
        synchronized (this) {
            readyAt = pausedAt + RETURNED_MESSAGE_DELAY.toNanos();
        }
        long wait = readyAt - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** What the apply side of a direction reports having applied so far (status store totals). */
    record Applied(long rows, long messages) {
        Applied minus(Applied earlier) {
            return new Applied(rows - earlier.rows, messages - earlier.messages);
        }
    }

    Applied appliedTotals(Direction d) {
        return local.status().get(config.task(), d)
                .map(s -> new Applied(s.rowsApplied(), s.batchesApplied())).orElse(new Applied(0, 0));
    }

    /**
     * Waits until the status totals show {@code rows} more rows than {@code before}: apply writes
     * them at most once a second. Returns the difference, whatever it is at the time-out.
     */
    Applied awaitTotals(Direction d, Applied before, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Applied delta = appliedTotals(d).minus(before);
        while (delta.rows() < rows && System.nanoTime() < deadline) {
            Thread.sleep(100);
            delta = appliedTotals(d).minus(before);
        }
        return delta;
    }

    /**
     * Waits for the apply side's next status write (at most one a second, on the next applied
     * message; heartbeats bring one every second). Before a pause, so that nothing applied before
     * it is counted after the resume.
     */
    void awaitStatusWrite(Direction d, Duration timeout) throws InterruptedException {
        Instant since = Instant.now();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && local.status().get(config.task(), d)
                .map(s -> !s.updatedAt().isAfter(since)).orElse(true)) {
            Thread.sleep(100);
        }
    }

    /** Waits until the task reaches {@code wanted}; a FAILED task stops the bench with its reason. */
    void awaitState(TaskState wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TaskRecord r = record();
        while (r.state() != wanted) {
            if (r.state() == TaskState.FAILED) {
                throw new BenchException("task " + config.task() + " FAILED: " + r.stateReason());
            }
            if (System.nanoTime() > deadline) {
                throw new BenchException("task " + config.task() + " is still " + r.state() + " after " + timeout);
            }
            Thread.sleep(50);
            r = record();
        }
    }

    /** Where the capture of {@code d} has published up to (its checkpoint). */
    Optional<BinlogPosition> captured(Direction d) {
        return local.checkpoints().load(config.task(), d).map(CaptureCheckpoint::position);
    }

    /** Waits until the capture of {@code d} has queued everything up to {@code p}. */
    void awaitCaptured(Direction d, BinlogPosition p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (captured(d).map(c -> c.compareTo(p) < 0).orElse(true)) {
            requireHealthy();
            if (System.nanoTime() > deadline) {
                throw new BenchException("capture " + d.code() + " queued only up to " + captured(d).orElse(null)
                        + " of " + p + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the target of {@code d} has applied the source's binlog up to {@code p}. */
    void awaitApplied(Direction d, BinlogPosition p, Duration timeout) throws SQLException, InterruptedException {
        awaitAppliedPosition(d, timeout, "up to " + p, this::everyGroupApplied,
                at -> at.map(x -> x.compareTo(p) >= 0).orElse(false));
    }

    /**
     * How far every message group of {@code d} applied: with one group per direction its position;
     * with a group per table the lowest over the groups (an idle one catches up with the next
     * heartbeat, within about a second), so that a drain is not timed by its fastest table.
     */
    private Optional<BinlogPosition> everyGroupApplied(Connection c, Direction d) throws SQLException {
        if (config.partitioning() == Partitioning.TRANSACTION) {
            return ApplyCheckpoints.latest(c, config.task(), d);
        }
        return ApplyCheckpoints.earliestResumePoint(c, config.task(), d).map(ResumePoint::position);
    }

    /** Waits until the target of {@code d} applies anything past {@code before}; returns when (nanoTime). */
    long awaitProgress(Direction d, Optional<BinlogPosition> before, Duration timeout)
            throws SQLException, InterruptedException {
        awaitAppliedPosition(d, timeout, "anything", (c, dir) -> ApplyCheckpoints.latest(c, config.task(), dir),
                at -> !at.equals(before));
        return System.nanoTime();
    }

    /** The source position of the last batch the target of {@code d} applied. */
    Optional<BinlogPosition> appliedPosition(Direction d) throws SQLException {
        try (Connection c = target(d).connect()) {
            return ApplyCheckpoints.latest(c, config.task(), d);
        }
    }

    /** How far a target applied a direction, read on its connection. */
    private interface AppliedReader {
        Optional<BinlogPosition> read(Connection c, Direction d) throws SQLException;
    }

    private void awaitAppliedPosition(Direction d, Duration timeout, String what, AppliedReader applied,
                                      Predicate<Optional<BinlogPosition>> done)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = target(d).connect()) {
            while (!done.test(applied.read(c, d))) {
                if (System.nanoTime() > deadline) {
                    throw new BenchException("Duplex " + d.code() + " did not apply " + what + " within " + timeout);
                }
                requireHealthy();
                Thread.sleep(5);
            }
        }
    }

    /** Fails the bench when the task failed; reads the task store at most twice a second. */
    private void requireHealthy() {
        long now = System.nanoTime();
        if (now - lastHealthCheck < 500_000_000L) {
            return;
        }
        lastHealthCheck = now;
        TaskRecord r = record();
        if (r.state() == TaskState.FAILED) {
            throw new BenchException("task " + config.task() + " FAILED: " + r.stateReason());
        }
    }

    /** One direction of this task as an {@link Applier}; holding either pauses the whole task. */
    Applier applier(Direction d) {
        return new DuplexApplier(this, d);
    }

    MySqlServer target(Direction d) {
        return d == Direction.A2B ? b : a;
    }

    @Override
    public void close() {
        local.close();
    }
}

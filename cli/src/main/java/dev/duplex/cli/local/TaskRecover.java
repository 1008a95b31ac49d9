package dev.duplex.cli.local;

import dev.duplex.capture.lifecycle.ApplyMappings;
import dev.duplex.capture.lifecycle.TaskCoordinator;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.RewindRequest;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code duplex task recover}: the recovery for a direction that stopped on a gap (a message
 * dead-lettered, purged or lost) or on a message that kept failing. The binlog is the source of
 * truth: the direction's capture reads it again from what the target last applied, under a new
 * chain, and the target retires the old chain, so whatever of it is still queued (or redriven
 * from the dead-letter queue) is dropped instead of meeting the hole again. Steps, each safe to
 * repeat: the rewind request for the capture (which adopts it within seconds, or when it next
 * starts), the retired chain on the target, the dead-letter queue purged, the task back in the
 * phase it failed in (a paused task stays paused).
 */
public final class TaskRecover {
    /** What was done per direction. */
    public record Rewound(Direction direction, ResumePoint from) {}

    public record Outcome(List<Rewound> rewound, List<String> purged, TaskState state) {}

    private final TaskStore tasks;
    private final CheckpointStore checkpoints;
    private final SnapshotStore snapshots;
    private final SecretResolver secrets;
    private final Clock clock;

    public TaskRecover(TaskStore tasks, CheckpointStore checkpoints, SnapshotStore snapshots, SecretResolver secrets,
                       Clock clock) {
        this.tasks = tasks;
        this.checkpoints = checkpoints;
        this.snapshots = snapshots;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * @param directions the directions to rewind
     * @param queues     where the dead-letter queues are (AWS, or an emulator); empty: left as they are
     * @param mappings   switched on again if the task's state applies the direction
     * @throws IllegalStateException when the task's state or checkpoints do not allow it, with the fix
     */
    public Outcome recover(String task, List<Direction> directions, Optional<SqsClient> queues, ApplyMappings mappings) {
        TaskRecord record = tasks.get(task).orElseThrow(() -> new IllegalStateException("no task '" + task + "' stored"));
        if (record.state() != TaskState.FAILED && record.state() != TaskState.PAUSED) {
            throw new IllegalStateException("task '" + task + "' is " + record.state() + ": recover rewinds a stopped "
                    + "task; pause it first (duplex pause), then recover, then resume");
        }
        TaskConfig config = TaskConfigLoader.parse(record.config());
        TaskCoordinator coordinator = new TaskCoordinator(config, tasks, snapshots, secrets, ApplyMappings.NONE, clock);
        List<Rewound> rewound = new ArrayList<>();
        for (Direction d : directions) {
            rewound.add(rewind(config, coordinator, d));
        }
        List<String> purged = new ArrayList<>();
        queues.ifPresent(sqs -> directions.forEach(d -> purgeDeadLetters(sqs, task, d).ifPresent(purged::add)));
        TaskState next = record.state() == TaskState.PAUSED ? TaskState.PAUSED : phaseToResume(config);
        if (next != record.state()) {
            tasks.updateState(task, next, "recovered by duplex task recover: rewound " + directions.stream()
                    .map(Direction::code).toList(), record.version());
        }
        for (Direction d : Direction.values()) {
            if (next.applies(d)) {
                mappings.switchTo(d, true);
            }
        }
        return new Outcome(rewound, purged, next);
    }

    private Rewound rewind(TaskConfig config, TaskCoordinator coordinator, Direction d) {
        String chain = Batch.Chain.newId();
        String group = QueueNames.defaultGroup(d);
        try (Connection c = new NodeConnections(config.node(d.targetNode()), secrets).open()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                DuplexSchema.create(st);
            }
            Optional<CaptureCheckpoint> captured = checkpoints.load(config.task(), d);
            // With several message groups, from the one furthest behind (or the first transaction sent to one that
            // applied nothing yet): the target skips by seq what the others have.
            ResumePoint from = ApplyCheckpoints.earliestResumePoint(c, config.task(), d,
                            captured.map(CaptureCheckpoint::groupStarts).orElse(Map.of()))
                    .map(p -> new ResumePoint(p.position(), p.lastSeq(), chain, p.source()))
                    .orElseGet(() -> fromPinnedStart(config, coordinator, d, chain));
            String capturing = captured.map(CaptureCheckpoint::chain).orElse("");
            // The request first: if this stops before the target retired the old chain, the new one is refused loudly.
            checkpoints.requestRewind(new RewindRequest(config.task(), d, from, UUID.randomUUID().toString(),
                    clock.instant()));
            // The rewound capture sends every transaction from the resume point on again; those before it it does not.
            ApplyCheckpoints.retireChains(c, config.task(), d, group, chain, capturing,
                    Seq.ofTransaction(from.position(), 0));
            return new Rewound(d, from);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or update what node " + d.targetNode() + " applied of task '"
                    + config.task() + "' (" + config.node(d.targetNode()).address() + ", MySQL error " + e.getErrorCode()
                    + ": " + e.getMessage() + "); run the recover again once it is reachable", e);
        }
    }

    /** A target that applied nothing of the direction yet: from where the task started. */
    private ResumePoint fromPinnedStart(TaskConfig config, TaskCoordinator coordinator, Direction d, String chain) {
        if (d.isForward() && config.sync().includes(SyncType.FULL) && !coordinator.initialLoadCompleted()) {
            throw new IllegalStateException("node b applied nothing of task '" + config.task() + "' and its full sync "
                    + "has not finished, so there is nothing to rewind to: start over with `duplex task reset "
                    + config.task() + " --yes`, then start the task again");
        }
        return coordinator.pinned(d).map(p -> new ResumePoint(p, Seq.ZERO, chain, ""))
                .orElseThrow(() -> new IllegalStateException("node " + d.targetNode() + " applied nothing of task '"
                        + config.task() + "' and the task has no pinned start (started by an older Duplex): start "
                        + "over with `duplex task reset " + config.task() + " --yes`, then start the task again"));
    }

    private TaskState phaseToResume(TaskConfig config) {
        Optional<SnapshotState> s = snapshots.state(config.task());
        if (config.sync().includes(SyncType.SCHEMA) && s.isPresent() && !s.get().schemaDone()) {
            return TaskState.SCHEMA_SYNC;
        }
        if (config.sync().includes(SyncType.FULL) && s.isPresent() && !s.get().completed()) {
            return TaskState.FULL_SYNC;
        }
        return TaskState.RUNNING;
    }

    /** The dead-letter queue's messages are obsolete once the binlog is read again from what was applied. */
    private static Optional<String> purgeDeadLetters(SqsClient sqs, String task, Direction d) {
        String name = QueueNames.deadLetterName(task, d);
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            sqs.purgeQueue(b -> b.queueUrl(url));
            return Optional.of(name);
        } catch (QueueDoesNotExistException absent) {
            return Optional.empty();
        }
    }
}

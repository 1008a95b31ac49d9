package dev.duplex.capture;

import dev.duplex.capture.snapshot.AppliedSnapshot;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The outside services a capture uses. The caller owns them (and closes the clients); capture
 * only uses them, so one set can serve both captures of the local runtime.
 *
 * @param snapshots the initial load's state and progress; null: this capture never copies (full sync)
 * @param applied   how far node b applied the snapshot, where the queue loses messages in a crash
 *                  (local runtime); null where the queue is durable (SQS)
 * @param copied    told when the forward capture recorded its copy as ended, so the coordinator moves
 *                  the task on at once (its {@link dev.duplex.core.thread.Wakeup}); null: nobody
 * @param status    where the task's log lines go (what {@code duplex status} shows); null: the process log only
 */
public record CaptureResources(SqsClient sqs, TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases,
                               SecretResolver secrets, Clock clock, SnapshotStore snapshots,
                               AppliedSnapshot applied, Runnable copied, StatusStore status) {
    public CaptureResources {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(secrets, "secrets");
        clock = clock == null ? Clock.systemUTC() : clock;
        copied = copied == null ? () -> { } : copied;
    }

    /** Resources of a capture whose copy's end nobody waits for. */
    public CaptureResources(SqsClient sqs, TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases,
                            SecretResolver secrets, Clock clock, SnapshotStore snapshots, AppliedSnapshot applied) {
        this(sqs, tasks, checkpoints, leases, secrets, clock, snapshots, applied, null, null);
    }

    /** Resources of a capture that only streams the binlog (no full sync). */
    public CaptureResources(SqsClient sqs, TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases,
                            SecretResolver secrets, Clock clock) {
        this(sqs, tasks, checkpoints, leases, secrets, clock, null, null, null, null);
    }

    /**
     * A line of the task's log, for what a user should see that does not stop the task; each is
     * in the process log already. A failure to store it fails the caller (its session retries).
     */
    public Consumer<String> taskLog(String task, Direction direction) {
        if (status == null) {
            return line -> { };
        }
        return line -> status.appendLog(new TaskLogEntry(task, direction.code(), "WARN", line, clock.instant()));
    }
}

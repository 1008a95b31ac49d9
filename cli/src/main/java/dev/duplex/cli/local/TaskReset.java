package dev.duplex.cli.local;

import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.capture.lifecycle.NodeState;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Clears everything a task recorded about how far it got, so that it can start over: both
 * directions' apply checkpoints on both nodes (the exactly-once guard and chain), the direct full
 * sync's progress on node b ({@code duplex.snapshot_progress}), both capture
 * checkpoints, the initial load's state and progress, and the messages still queued. The task is left FAILED with a reason that
 * says to start it again; the next start runs its precheck and its initial load as a new task.
 * What is already on the nodes stays: a full sync reconciles it (conflicting-table mode decides).
 */
public final class TaskReset {
    /** While a task moves data, its checkpoints are being written: clearing them under it would lose changes. */
    private static final Set<TaskState> ACTIVE = Set.of(TaskState.RUNNING, TaskState.SCHEMA_SYNC, TaskState.FULL_SYNC);

    /** What was removed: capture-side items, apply checkpoint rows per node, queues purged. */
    public record Outcome(int storeItems, Map<String, Integer> applyRows, List<String> purgedQueues) {}

    private TaskReset() {}

    /**
     * @param force reset a task whose state says it is moving data (after a crash nobody stopped it)
     * @throws IllegalStateException when the task is active and {@code force} is not given
     */
    /**
     * @param queues the task's queues, purged of an earlier run's messages (which would meet the
     *               cleared checkpoints); empty where none outlives the runtime (the local one)
     */
    public static Outcome reset(TaskRecord task, TaskStore tasks, DynamoCheckpointStore checkpoints,
                                SecretResolver secrets, Optional<SqsClient> queues, boolean force) {
        if (ACTIVE.contains(task.state()) && !force) {
            throw new IllegalStateException("task '" + task.task() + "' is " + task.state() + ": stop its runtime or "
                    + "captures and pause it first (duplex pause), or pass --force if nothing runs it any more");
        }
        TaskConfig config = TaskConfigLoader.parse(task.config());
        Map<String, Integer> applied = new LinkedHashMap<>();
        for (String node : new String[] {"a", "b"}) {
            applied.put(node, clearApplied(config, config.node(node), secrets));
        }
        List<String> purged = queues.map(sqs -> purge(sqs, task.task())).orElse(List.of());
        int items = checkpoints.clear(task.task());
        tasks.updateState(task.task(), TaskState.FAILED, "reset by duplex task reset: every checkpoint cleared; start "
                + "the task again (it runs its precheck and its initial load as a new task)", task.version());
        return new Outcome(items, applied, purged);
    }

    /** Purges both directions' queues (not their dead-letter queues, kept for inspection). */
    private static List<String> purge(SqsClient sqs, String task) {
        List<String> purged = new ArrayList<>();
        for (Direction d : Direction.values()) {
            String name = QueueNames.fifoName(task, d);
            try {
                String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
                sqs.purgeQueue(b -> b.queueUrl(url));
                purged.add(name);
            } catch (QueueDoesNotExistException absent) {
                // Never deployed or already deleted: nothing in it can meet the new run.
            }
        }
        return purged;
    }

    private static int clearApplied(TaskConfig config, NodeConfig node, SecretResolver secrets) {
        try (Connection c = new NodeConnections(node, secrets).open()) {
            c.setAutoCommit(true);
            return NodeState.forget(c, config.task());
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return 0; // no duplex schema there: nothing was ever applied to that node
            }
            throw new IllegalStateException("cannot clear the apply checkpoints of task '" + config.task() + "' on "
                    + node.address() + " [MySQL error " + e.getErrorCode() + "]: " + e.getMessage()
                    + "; nothing else was reset: fix the connection and run the reset again", e);
        }
    }
}

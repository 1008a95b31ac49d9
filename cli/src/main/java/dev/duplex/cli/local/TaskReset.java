package dev.duplex.cli.local;

import dev.duplex.apply.sql.ApplyCheckpoints;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.store.dynamo.DynamoCheckpointStore;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Clears everything a task recorded about how far it got, so that it can start over: both
 * directions' apply checkpoints on both nodes (the exactly-once guard and chain), both capture
 * checkpoints, the initial load's state and progress. The task is left FAILED with a reason that
 * says to start it again; the next start runs its precheck and its initial load as a new task.
 * What is already on the nodes stays: a full sync reconciles it (conflicting-table mode decides).
 */
public final class TaskReset {
    /** While a task moves data, its checkpoints are being written: clearing them under it would lose changes. */
    private static final Set<TaskState> ACTIVE = Set.of(TaskState.RUNNING, TaskState.SCHEMA_SYNC, TaskState.FULL_SYNC);

    /** What was removed: capture-side items and apply checkpoint rows per node. */
    public record Outcome(int storeItems, Map<String, Integer> applyRows) {}

    private TaskReset() {}

    /**
     * @param force reset a task whose state says it is moving data (after a crash nobody stopped it)
     * @throws IllegalStateException when the task is active and {@code force} is not given
     */
    public static Outcome reset(TaskRecord task, TaskStore tasks, DynamoCheckpointStore checkpoints,
                                SecretResolver secrets, boolean force) {
        if (ACTIVE.contains(task.state()) && !force) {
            throw new IllegalStateException("task '" + task.task() + "' is " + task.state() + ": stop its runtime or "
                    + "captures and pause it first (duplex pause), or pass --force if nothing runs it any more");
        }
        TaskConfig config = TaskConfigLoader.parse(task.config(), task.config().stripLeading().startsWith("{")
                ? TaskConfigLoader.Format.JSON : TaskConfigLoader.Format.YAML);
        Map<String, Integer> applied = new LinkedHashMap<>();
        for (String node : new String[] {"a", "b"}) {
            applied.put(node, clearApplied(config, config.node(node), secrets));
        }
        int items = checkpoints.clear(task.task());
        tasks.updateState(task.task(), TaskState.FAILED, "reset by duplex task reset: every checkpoint cleared; start "
                + "the task again (it runs its precheck and its initial load as a new task)", task.version());
        return new Outcome(items, applied);
    }

    private static int clearApplied(TaskConfig config, NodeConfig node, SecretResolver secrets) {
        try (Connection c = new NodeConnections(node, secrets).open()) {
            c.setAutoCommit(true);
            return ApplyCheckpoints.delete(c, config.task());
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

package dev.duplex.precheck;

import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate in front of a task's start: the task moves to PRECHECK, the precheck runs on its
 * stored configuration, and only a passed report lets it on to its first phase (SCHEMA_SYNC,
 * FULL_SYNC or RUNNING); otherwise it stays in PRECHECK_FAILED with the blocking item ids as
 * the reason.
 */
public final class TaskStart {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStart.class);

    private final TaskStore store;
    private final Precheck precheck;

    public TaskStart(TaskStore store, Precheck precheck) {
        this.store = Objects.requireNonNull(store, "store");
        this.precheck = Objects.requireNonNull(precheck, "precheck");
    }

    /** The task's state after the precheck, and the report that decided it. */
    public record Outcome(TaskRecord task, PrecheckReport report) {
        public boolean started() {
            return report.passed();
        }
    }

    /**
     * @param acknowledged warnings accepted for this start, on top of the config's
     * @throws IllegalStateException when the task's state does not allow a start (e.g. it runs)
     */
    public Outcome start(String task, Collection<String> acknowledged) {
        return start(task, acknowledged, UnaryOperator.identity());
    }

    /**
     * Starts a task that may have run before: {@code checkedAs} turns its stored configuration into
     * what is still ahead of it, which the precheck checks and whose first phase the task moves to
     * (a task that finished its initial load is checked as incremental-only; one whose schema sync
     * began keeps the tables on node b it created, as with ignore-and-proceed).
     */
    public Outcome start(String task, Collection<String> acknowledged, UnaryOperator<TaskConfig> checkedAs) {
        return start(task, acknowledged, checkedAs, c -> { });
    }

    /**
     * As above; {@code beforeFirstPhase} runs once the precheck passed and before the task moves on
     * (the pinned start: both nodes' positions are recorded before any capture may act on the state).
     */
    public Outcome start(String task, Collection<String> acknowledged, UnaryOperator<TaskConfig> checkedAs,
                         Consumer<TaskConfig> beforeFirstPhase) {
        TaskRecord stored = store.get(task).orElseThrow(() -> new FatalException("task '" + task
                + "' does not exist; create it first"));
        TaskConfig config = checkedAs.apply(TaskConfigLoader.parse(stored.config()));
        TaskRecord checking = store.updateState(task, TaskState.PRECHECK, "precheck running", stored.version());
        PrecheckReport report = precheck.check(config, acknowledged);
        if (!report.passed()) {
            String reason = "precheck failed: " + report.blocking().stream().map(CheckItem::id)
                    .collect(Collectors.joining(", ")) + " (run duplex precheck for the fixes)";
            LOG.info("task {} not started: {}", task, reason);
            return new Outcome(store.updateState(task, TaskState.PRECHECK_FAILED, reason, checking.version()), report);
        }
        beforeFirstPhase.accept(config);
        TaskState first = firstPhase(config);
        LOG.info("task {} passed its precheck; moving to {}", task, first);
        return new Outcome(store.updateState(task, first, "precheck passed", checking.version()), report);
    }

    /** Throws unless {@code report} passed: for callers that hold a report already. */
    public static void requirePassed(PrecheckReport report) {
        if (!report.passed()) {
            throw new FatalException("task '" + report.task() + "' cannot start: precheck failed on "
                    + report.blocking().stream().map(CheckItem::id).collect(Collectors.joining(", "))
                    + "; fix them or acknowledge the warnings, then run the precheck again");
        }
    }

    static TaskState firstPhase(TaskConfig config) {
        if (config.sync().includes(SyncType.SCHEMA)) {
            return TaskState.SCHEMA_SYNC;
        }
        return config.sync().includes(SyncType.FULL) ? TaskState.FULL_SYNC : TaskState.RUNNING;
    }
}

package dev.duplex.capture.lifecycle;

import dev.duplex.capture.schema.SchemaSync;
import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.ConflictingTablesMode;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a task's lifecycle after its precheck passed, wherever the task runs: node a's capture
 * container runs it on AWS (under its lease), {@code duplex local} in process. {@link #step()} reads
 * top to bottom:
 * <ol>
 *   <li>the pinned start: both nodes' positions, recorded when the task starts, from which each
 *       capture without a checkpoint reads, however late it comes up;</li>
 *   <li>SCHEMA_SYNC: schema sync creates the objects on node b, then FULL_SYNC (or RUNNING);</li>
 *   <li>once per start, before any row is copied: last-writer-wins tables get their version
 *       column, tombstone table and triggers on both nodes ({@link LwwSetup});</li>
 *   <li>FULL_SYNC: node a's capture copies and hands over to its binlog; once every row is copied
 *       the task goes RUNNING;</li>
 *   <li>RUNNING, PAUSED, FAILED: each direction's event source is on exactly while its messages
 *       are applied ({@link TaskState#applies}), so a pause or a failure spends no receive.</li>
 * </ol>
 * Every step is recorded in the snapshot store and the task table, so a coordinator started again
 * picks up where the last one stopped.
 */
public final class TaskCoordinator implements CoordinatorLoop.Steps {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCoordinator.class);
    private static final Set<TaskState> NOT_STARTED = Set.of(TaskState.CREATED, TaskState.PRECHECK,
            TaskState.PRECHECK_FAILED);

    private final TaskConfig config;
    private final TaskStore tasks;
    private final SnapshotStore snapshots;
    private final SecretResolver secrets;
    private final MappingSwitch mappings;
    private final Clock clock;
    /** Whether this coordinator made sure of the last-writer-wins objects (once per start). */
    private boolean lwwReady;

    public TaskCoordinator(TaskConfig config, TaskStore tasks, SnapshotStore snapshots, SecretResolver secrets,
                           ApplyMappings mappings, Clock clock) {
        this.config = config;
        this.tasks = tasks;
        this.snapshots = snapshots;
        this.secrets = secrets;
        this.mappings = new MappingSwitch(config.task(), mappings);
        this.clock = clock;
    }

    /**
     * One pass: takes the task as far as it can go now. Reads the task record once, again only after
     * a move of its own. Throws what it cannot do ({@link #onFailure} says what follows).
     */
    @Override
    public TaskState step() {
        TaskRecord task = record();
        if (task.state() == TaskState.SCHEMA_SYNC) {
            pinStart();
            schemaSync();
            task = moveTo(task, full() ? TaskState.FULL_SYNC : TaskState.RUNNING, "schema synchronized");
            if (task.state() == TaskState.RUNNING) {
                snapshots.save(snapshot().withCompleted(clock.instant()));
            }
        }
        if (!lwwReady && started(task.state())) {
            LwwSetup.run(config, secrets); // after schema sync made node b's tables, before any row is copied
            lwwReady = true;
        }
        if (task.state() == TaskState.FULL_SYNC) {
            SnapshotState s = snapshot();
            if (s.copied()) {
                snapshots.save(s.withCompleted(clock.instant()));
                task = moveTo(task, TaskState.RUNNING, "full sync finished");
                LOG.info("task {} finished its initial load; both directions run incrementally", config.task());
            }
        }
        mappings.follow(task, clock.instant());
        return task.state();
    }

    /**
     * The pinned start, for {@code duplex task start} once the precheck passed and before it answers:
     * records both nodes' current positions unless recorded already. Everything either node commits
     * from here on is captured, whenever the captures come up.
     */
    public void pinStart() {
        SnapshotState s = snapshot();
        if (!s.positionsRecorded()) {
            BinlogPosition a = currentPosition(config.a());
            BinlogPosition b = currentPosition(config.b());
            snapshots.save(s.withPositions(a, b, clock.instant()));
            LOG.info("task {} starts at node a {} and node b {}: each capture reads from there", config.task(), a, b);
        }
    }

    /** Where direction {@code d}'s capture starts when it has no checkpoint: the pinned start, if recorded. */
    public Optional<BinlogPosition> pinned(Direction d) {
        return stored().flatMap(s -> s.startOf(d));
    }

    /** Whether the initial load is over (or never was): the forward capture streams from its checkpoint. */
    public boolean initialLoadCompleted() {
        return stored().map(SnapshotState::completed).orElse(!full());
    }

    /**
     * What a (re)start's precheck checks: the phases still ahead. Once the initial load is done,
     * only incremental sync is; once schema sync began, the tables on node b are the task's own.
     */
    public UnaryOperator<TaskConfig> precheckView() {
        Optional<SnapshotState> s = stored();
        if (s.isPresent() && s.get().completed()) {
            return c -> c.withSync(c.sync().withTypes(Set.of(SyncType.INCREMENTAL)));
        }
        if (s.isPresent() && s.get().schemaStarted()) {
            return c -> c.withSync(c.sync().withConflictingTables(ConflictingTablesMode.IGNORE_AND_PROCEED));
        }
        return UnaryOperator.identity();
    }

    /** Whether a task in {@code state} was started (its precheck passed), so that its start is pinned or due. */
    public static boolean started(TaskState state) {
        return !NOT_STARTED.contains(state);
    }

    /**
     * A failed step that retrying cannot fix stops the task with its reason; anything else is
     * retried at the next step. For the loop that calls {@link #step()}.
     */
    @Override
    public void onFailure(RuntimeException e) {
        if (ErrorClassifier.isRetriable(e)) {
            LOG.warn("task {} coordinator: {}; trying again", config.task(), e.toString());
            return;
        }
        if (e instanceof TaskStore.StaleVersionException) {
            LOG.debug("task {} coordinator: the task changed meanwhile ({}); reading it again", config.task(), e.toString());
            return;
        }
        String reason = ErrorText.of(e); // no row values in the reason or the log; the whole error at DEBUG
        LOG.error("task {} coordinator: setting the task FAILED: {}", config.task(), reason, ErrorText.redacted(e));
        LOG.debug("task {} coordinator: the whole error", config.task(), e);
        TaskRecord r = record();
        tasks.updateState(config.task(), TaskState.FAILED, "initial load: " + reason, r.version());
    }

    private void schemaSync() {
        SnapshotState s = snapshot();
        if (s.schemaDone()) {
            return;
        }
        new SchemaSync(config, new NodeConnections(config.a(), secrets)::open,
                new NodeConnections(config.b(), secrets)::open).run(s.schemaStarted(),
                () -> snapshots.save(s.withSchema(true, false, clock.instant())));
        snapshots.save(snapshot().withSchema(true, true, clock.instant()));
    }

    /** Moves on, unless someone moved the task elsewhere meanwhile (a pause, a failure): then that stands. */
    private TaskRecord moveTo(TaskRecord from, TaskState next, String reason) {
        try {
            return tasks.updateState(config.task(), next, reason, from.version());
        } catch (TaskStore.StaleVersionException | IllegalStateException moved) {
            LOG.debug("task {}: not moved to {} ({}); it stays as it is now", config.task(), next, moved.toString());
            return record();
        }
    }

    private TaskRecord record() {
        return tasks.get(config.task()).orElseThrow(() -> new IllegalStateException("task '" + config.task()
                + "' is not stored: store it with duplex task put -c FILE"));
    }

    private boolean full() {
        return config.sync().includes(SyncType.FULL);
    }

    private Optional<SnapshotState> stored() {
        return snapshots.state(config.task());
    }

    private SnapshotState snapshot() {
        return stored().orElseGet(() -> SnapshotState.initial(config.task(), clock.instant()));
    }

    private BinlogPosition currentPosition(NodeConfig node) {
        NodeConnections connections = new NodeConnections(node, secrets);
        SourceInspector inspector = new SourceInspector(connections::open, node.address());
        return inspector.currentPosition(inspector.check().mariaDb());
    }
}

package dev.duplex.cli.local;

import dev.duplex.capture.schema.SchemaSync;
import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.ConflictingTablesMode;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a task through its initial load on the embedded default: SCHEMA_SYNC (records both nodes'
 * positions, then runs schema sync) → FULL_SYNC (the forward capture copies and hands over to the
 * binlog; the reverse direction is held, its changes queued) → RUNNING once every row is copied
 * and applied. Every step is recorded in the snapshot store, so a restarted runtime picks up where
 * the last one stopped.
 */
final class InitialLoad {
    private static final Logger LOG = LoggerFactory.getLogger(InitialLoad.class);
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    private final TaskConfig config;
    private final TaskStates states;
    private final SnapshotStore snapshots;
    private final SecretResolver secrets;
    private final Clock clock;
    private volatile boolean stopping;
    private Thread watcher;

    InitialLoad(TaskConfig config, TaskStates states, SnapshotStore snapshots, SecretResolver secrets, Clock clock) {
        this.config = config;
        this.states = states;
        this.snapshots = snapshots;
        this.secrets = secrets;
        this.clock = clock;
    }

    private Optional<SnapshotState> stored() {
        return snapshots.state(config.task());
    }

    /**
     * What a (re)start's precheck checks: the phases still ahead. Once the initial load is done,
     * only incremental sync is; once schema sync began, the tables on node b are the task's own.
     */
    UnaryOperator<TaskConfig> precheckView() {
        Optional<SnapshotState> s = stored();
        if (s.isPresent() && s.get().completed()) {
            return c -> c.withSync(c.sync().withTypes(Set.of(SyncType.INCREMENTAL)));
        }
        if (s.isPresent() && s.get().schemaStarted()) {
            return c -> c.withSync(c.sync().withConflictingTables(ConflictingTablesMode.IGNORE_AND_PROCEED));
        }
        return UnaryOperator.identity();
    }

    /**
     * Runs what must happen before the captures start: recording the start positions (before schema
     * sync, so that what node b writes into a table as soon as schema sync created it is captured
     * too), then schema sync.
     */
    void prepare() {
        TaskState phase = states.record().state();
        boolean full = config.sync().includes(SyncType.FULL);
        if (full && (phase == TaskState.SCHEMA_SYNC || phase == TaskState.FULL_SYNC)) {
            recordPositions();
        }
        if (phase == TaskState.SCHEMA_SYNC) {
            schemaSync();
            phase = states.moveTo(full ? TaskState.FULL_SYNC : TaskState.RUNNING, "schema synchronized").state();
            if (phase == TaskState.RUNNING) {
                snapshots.save(state().withCompleted(clock.instant()));
            }
        }
    }

    private void recordPositions() {
        SnapshotState s = state();
        if (!s.positionsRecorded()) {
            BinlogPosition start = currentPosition(config.a());
            BinlogPosition reverseStart = currentPosition(config.b());
            snapshots.save(s.withPositions(start, reverseStart, clock.instant()));
            LOG.info("task {} initial load: node a starts at {}, node b (reverse direction) at {}", config.task(),
                    start, reverseStart);
        }
    }

    private SnapshotState state() {
        return stored().orElseGet(() -> SnapshotState.initial(config.task(), clock.instant()));
    }

    private void schemaSync() {
        SnapshotState s = state();
        if (s.schemaDone()) {
            return;
        }
        new SchemaSync(config, new NodeConnections(config.a(), secrets)::open,
                new NodeConnections(config.b(), secrets)::open).run(s.schemaStarted(),
                () -> snapshots.save(s.withSchema(true, false, clock.instant())));
        snapshots.save(state().withSchema(true, true, clock.instant()));
    }

    private BinlogPosition currentPosition(NodeConfig node) {
        NodeConnections connections = new NodeConnections(node, secrets);
        SourceInspector inspector = new SourceInspector(connections::open, node.address());
        return inspector.currentPosition(inspector.check().mariaDb());
    }

    /**
     * Where a capture starts when its target applied nothing yet: during the initial load, the
     * recorded start positions. The reverse direction applies nothing before the load ended (it is
     * held, see TaskState.holds), so it goes back to its start position after the load too, until
     * node a applied some of it: a crash between RUNNING and that first apply would otherwise lose
     * node b's changes made during the copy, which only the local queue held.
     */
    Optional<BinlogPosition> startFor(Direction d) {
        Optional<SnapshotState> s = stored();
        if (s.isEmpty() || !s.get().positionsRecorded() || (d.isForward() && s.get().completed())) {
            return Optional.empty();
        }
        return Optional.of(d.isForward() ? s.get().startPos() : s.get().reverseStartPos());
    }

    /** Starts watching the copy: the task moves on to RUNNING once every row is copied. */
    void start() {
        watcher = new Thread(this::watch, "initial-load-" + config.task());
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (!stopping) {
            try {
                Optional<SnapshotState> s = stored();
                if (s.isEmpty() || s.get().completed()) {
                    return;
                }
                if (s.get().copied() && states.record().state() == TaskState.FULL_SYNC) {
                    snapshots.save(s.get().withCompleted(clock.instant()));
                    states.moveTo(TaskState.RUNNING, "full sync finished");
                    LOG.info("task {} finished its initial load; both directions run incrementally", config.task());
                    return;
                }
            } catch (TaskStore.StaleVersionException | IllegalStateException raced) {
                LOG.debug("task {}: state changed while finishing the initial load: {}", config.task(), raced.toString());
            } catch (RuntimeException e) {
                LOG.warn("task {}: cannot read the full sync's state ({}); trying again", config.task(), e.toString());
            }
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(WATCH_EVERY.toMillis());
        } catch (InterruptedException e) {
            stopping = true;
        }
    }

    void stop() {
        stopping = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    boolean awaitStop(Duration timeout) throws InterruptedException {
        if (watcher != null) {
            watcher.join(Math.max(1, timeout.toMillis()));
            return !watcher.isAlive();
        }
        return true;
    }
}

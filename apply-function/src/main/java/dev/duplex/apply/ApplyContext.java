package dev.duplex.apply;

import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.dml.ForwardDdlColumns;
import dev.duplex.apply.parallel.LanePool;
import dev.duplex.apply.parallel.LaneRunner;
import dev.duplex.apply.sql.ApplySession;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigCache;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.TaskRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one apply function instance keeps between invocations: the task's configuration (reloaded
 * when its stored version changes), the target connection (reused, reopened when broken or when
 * the target node's settings change) and the target's table metadata. On Lambda it also knows
 * when the current invocation ends ({@link InvocationLimit}) and bounds the target's statements by it.
 */
public final class ApplyContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyContext.class);
    /** What the Lambda handler and the local runtime use: a pause set elsewhere holds apply within a second. */
    public static final Duration TASK_MAX_AGE = Duration.ofSeconds(1);

    private final String task;
    private final Direction direction;
    private final ApplyStores stores;
    private final SecretResolver secrets;
    private final Clock clock;
    private final TableInfoCache tables = new TableInfoCache();
    private ForwardDdlColumns forwardDdlColumns;
    /** The task's config by stored version: the same loader and cache the capture follows. */
    private final TaskConfigCache configs = new TaskConfigCache();
    private TaskConfig config;
    private ConflictRules rules;
    private Connection connection;
    private NodeConfig connectedTo;
    private final Duration taskMaxAge;
    private TaskRecord taskRecord;
    private Instant taskReadAt = Instant.MIN;
    private final InvocationBudget budget = new InvocationBudget();
    private LaneRunner lanes;
    private LanePool lanePool;
    private NodeConfig lanesTo;

    /** A context that reads the task record on every {@link #currentTask()}. */
    public ApplyContext(String task, Direction direction, ApplyStores stores, SecretResolver secrets, Clock clock) {
        this(task, direction, stores, secrets, clock, Duration.ZERO);
    }

    /**
     * @param taskMaxAge how long a RUNNING task record read from the store is used again: a pause
     *                   or a failure set elsewhere takes effect within it; one read per event
     *                   otherwise costs a DynamoDB round trip on every invocation
     */
    public ApplyContext(String task, Direction direction, ApplyStores stores, SecretResolver secrets, Clock clock,
                        Duration taskMaxAge) {
        this.task = Objects.requireNonNull(task, "task");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.taskMaxAge = Objects.requireNonNull(taskMaxAge, "taskMaxAge");
    }

    /**
     * Bounds every statement by the time left in the current invocation (see {@link InvocationLimit});
     * without it (the local runtime) statements are bounded by the server's settings only.
     */
    public synchronized ApplyContext limitInvocations(InvocationLimit limit) {
        budget.limit(Objects.requireNonNull(limit, "limit"));
        return this;
    }

    /** An invocation begins: its time counts from now (wall time, not the context's clock). */
    public synchronized void invocationStarted() {
        budget.started();
    }

    /** Whether an attempt that starts after {@code wait} still has statement time before the margin. */
    public synchronized boolean timeForAnAttempt(Duration wait) {
        return budget.timeForAnAttempt(wait);
    }

    public String task() {
        return task;
    }

    public Direction direction() {
        return direction;
    }

    public ApplyStores stores() {
        return stores;
    }

    public Clock clock() {
        return clock;
    }

    public TableInfoCache tables() {
        return tables;
    }

    /** What forward DDL did to column names, or null when the stores do not keep it. */
    public synchronized ForwardDdlColumns forwardDdlColumns() {
        if (forwardDdlColumns == null && stores.removedColumns() != null) {
            forwardDdlColumns = new ForwardDdlColumns(stores.removedColumns(), task, direction, this::config);
        }
        return forwardDdlColumns;
    }

    /**
     * The task as stored (state and config), read again once the last read of an applying task is
     * older than the task max age; a stopped (FAILED or PAUSED) one, or one that holds this
     * direction during its initial load, is read every time, so that a resume or the end of the
     * full sync takes effect at once. Refuses a task that does not exist.
     */
    public synchronized TaskRecord currentTask() {
        Instant now = clock.instant();
        if (taskRecord != null && now.isBefore(taskReadAt.plus(taskMaxAge))) {
            return taskRecord;
        }
        TaskRecord record = stores.tasks().get(task).orElseThrow(() -> new FatalException(
                "task '" + task + "' is not in the task store: store its configuration first (duplex task put)"));
        // A held state is read again on every invocation, so the release is seen at once.
        boolean applying = !record.state().holds(direction);
        taskRecord = applying ? record : null;
        taskReadAt = now;
        TaskConfig stored = configs.at(record.version(), record.config());
        if (stored != config) {
            config = stored;
            rules = new ConflictRules(config, direction);
        }
        return record;
    }

    /** Drops the cached task record: this instance changed the task's state itself (set it FAILED). */
    public synchronized void forgetTask() {
        taskRecord = null;
    }

    public synchronized TaskConfig config() {
        if (config == null) {
            currentTask();
        }
        return config;
    }

    public synchronized ConflictRules rules() {
        config();
        return rules;
    }

    /**
     * The open, prepared target connection, opened (or reopened) as needed; under an invocation
     * limit its statements are bounded by the invocation's time left (refused when too little is).
     */
    public synchronized Connection connection() throws SQLException {
        budget.require();
        NodeConfig target = config().node(direction.targetNode());
        if (connection != null && (connection.isClosed() || !target.equals(connectedTo))) {
            discardConnection();
        }
        if (connection == null) {
            // Multi-statement packets carry a message's row statements in one round trip (PipelinedRunner).
            Connection fresh = new NodeConnections(target, secrets).open(Map.of("allowMultiQueries", "true"));
            try {
                budget.bound(fresh);
                ApplySession.prepare(fresh);
            } catch (SQLException | RuntimeException e) {
                budget.connectionClosed();
                closeQuietly(fresh, e);
                throw e;
            }
            connection = fresh;
            connectedTo = target;
            LOG.info("task {} direction {}: connected to target {}", task, direction.code(), target.address());
        } else {
            budget.bound(connection);
        }
        return connection;
    }

    /**
     * The lanes non-overlapping transactions apply on (the task's {@code apply.parallel}
     * connections besides this one), opened again when the setting or the target changes; null
     * when the task applies on one connection.
     */
    public synchronized LaneRunner lanes() {
        int parallel = config().apply().parallel();
        NodeConfig target = config().node(direction.targetNode());
        if (lanes != null && (lanes.lanes() != parallel || !target.equals(lanesTo) || lanes.closed())) {
            closeLanes();
        }
        if (lanes == null && parallel > 1) {
            NodeConnections nodes = new NodeConnections(target, secrets);
            lanePool = new LanePool(() -> {
                Connection fresh = nodes.open(Map.of("allowMultiQueries", "true"));
                try {
                    ApplySession.prepare(fresh);
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(fresh, e);
                    throw e;
                }
                return fresh;
            }, parallel, direction.code());
            lanes = new LaneRunner(lanePool);
            lanesTo = target;
        }
        return lanes;
    }

    private void closeLanes() {
        if (lanePool != null) {
            lanePool.close();
        }
        lanePool = null;
        lanes = null;
        lanesTo = null;
    }

    /** Drops the connection (after a connection error); the next {@link #connection()} opens a new one. */
    public synchronized void discardConnection() {
        if (connection != null) {
            Connection old = connection;
            connection = null;
            budget.connectionClosed();
            closeQuietly(old, null);
        }
    }

    /** Drops the connection if it no longer works (after a failure that may have broken it). */
    public synchronized void discardIfBroken() {
        if (connection == null) {
            return;
        }
        try {
            if (connection.isClosed() || !connection.isValid(2)) {
                discardConnection();
            }
        } catch (SQLException e) {
            discardConnection();
        }
    }

    @Override
    public synchronized void close() {
        closeLanes();
        discardConnection();
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing a connection that already broke fails; nothing is left to release.
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}

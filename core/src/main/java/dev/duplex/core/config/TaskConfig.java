package dev.duplex.core.config;

import dev.duplex.core.filter.WhereFilter;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated two-way task. Node a is the forward source: names in {@code objects} are node a's
 * names. Lookups without a {@link Direction} take node-a names and answer for a to b; the
 * direction-aware ones take the names as captured on that direction's source.
 *
 * <p>Explicit renames are used verbatim; {@code capitalization} applies to every other name.
 * Names of objects that are not selected are mapped by capitalization alone.
 */
public record TaskConfig(String task, NodeConfig a, NodeConfig b, SyncConfig sync, ObjectSelection objects,
                         Capitalization capitalization, OnlineDdl onlineDdl, int retryWindowMinutes,
                         Alerts alerts, Partitioning partitioning, int heartbeatSeconds, PrecheckOptions precheck,
                         VerifyOptions verify, ApplyOptions apply) {

    public static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    public static final int MIN_RETRY_WINDOW_MINUTES = 10;
    public static final int MAX_RETRY_WINDOW_MINUTES = 1440;
    public static final int DEFAULT_RETRY_WINDOW_MINUTES = 720;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
    public static final int MAX_HEARTBEAT_SECONDS = 60;

    public TaskConfig {
        if (task == null || !TASK_NAME.matcher(task).matches()) {
            throw new IllegalArgumentException("task name must be 1 to 40 letters, digits, '-' or '_'");
        }
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(objects, "objects");
        sync = sync == null ? SyncConfig.defaults() : sync;
        capitalization = capitalization == null ? Capitalization.AS_SOURCE : capitalization;
        onlineDdl = onlineDdl == null ? OnlineDdl.none() : onlineDdl;
        alerts = alerts == null ? Alerts.defaults() : alerts;
        partitioning = partitioning == null ? Partitioning.TRANSACTION : partitioning;
        precheck = precheck == null ? PrecheckOptions.none() : precheck;
        verify = verify == null ? VerifyOptions.off() : verify;
        apply = apply == null ? ApplyOptions.defaults() : apply;
        if (retryWindowMinutes < MIN_RETRY_WINDOW_MINUTES || retryWindowMinutes > MAX_RETRY_WINDOW_MINUTES) {
            throw new IllegalArgumentException("retryWindowMinutes must be 10..1440, got " + retryWindowMinutes);
        }
        if (heartbeatSeconds < 1 || heartbeatSeconds > MAX_HEARTBEAT_SECONDS) {
            throw new IllegalArgumentException("heartbeatSeconds must be 1..60, got " + heartbeatSeconds);
        }
    }

    /** A task with the default apply settings. */
    public TaskConfig(String task, NodeConfig a, NodeConfig b, SyncConfig sync, ObjectSelection objects,
                      Capitalization capitalization, OnlineDdl onlineDdl, int retryWindowMinutes,
                      Alerts alerts, Partitioning partitioning, int heartbeatSeconds, PrecheckOptions precheck,
                      VerifyOptions verify) {
        this(task, a, b, sync, objects, capitalization, onlineDdl, retryWindowMinutes, alerts, partitioning,
                heartbeatSeconds, precheck, verify, null);
    }

    /** A task without verification settings. */
    public TaskConfig(String task, NodeConfig a, NodeConfig b, SyncConfig sync, ObjectSelection objects,
                      Capitalization capitalization, OnlineDdl onlineDdl, int retryWindowMinutes,
                      Alerts alerts, Partitioning partitioning, int heartbeatSeconds, PrecheckOptions precheck) {
        this(task, a, b, sync, objects, capitalization, onlineDdl, retryWindowMinutes, alerts, partitioning,
                heartbeatSeconds, precheck, null, null);
    }

    /** A task without precheck settings. */
    public TaskConfig(String task, NodeConfig a, NodeConfig b, SyncConfig sync, ObjectSelection objects,
                      Capitalization capitalization, OnlineDdl onlineDdl, int retryWindowMinutes,
                      Alerts alerts, Partitioning partitioning, int heartbeatSeconds) {
        this(task, a, b, sync, objects, capitalization, onlineDdl, retryWindowMinutes, alerts, partitioning,
                heartbeatSeconds, null, null, null);
    }

    /** The same task with other sync settings (e.g. checked as incremental-only once its initial load is done). */
    public TaskConfig withSync(SyncConfig newSync) {
        return new TaskConfig(task, a, b, newSync, objects, capitalization, onlineDdl, retryWindowMinutes, alerts,
                partitioning, heartbeatSeconds, precheck, verify, apply);
    }

    /** Node "a" or "b". */
    public NodeConfig node(String id) {
        return switch (id) {
            case "a" -> a;
            case "b" -> b;
            default -> throw new IllegalArgumentException("unknown node '" + id + "' (expected a or b)");
        };
    }

    /** Whether DDL captured in {@code direction} is synchronized: only forward, and only if enabled. */
    public boolean ddlFor(Direction direction) {
        return sync.ddl() && direction.isForward();
    }

    /**
     * The selection of a node-a table, or null if it is not synchronized: not selected, in a
     * reserved schema, or a shadow table of the online-DDL tool.
     */
    public TableSelection selectionFor(String db, String table) {
        if (IdentifierRules.isReservedSchema(db) || onlineDdl.isShadowTable(table)) {
            return null;
        }
        return objects.table(db, table);
    }

    /** The selection of a table named as on the source of {@code direction}, or null. */
    public TableSelection selectionFor(Direction direction, String db, String table) {
        TableRef ref = sourceRef(direction, db, table);
        return ref == null ? null : selectionFor(ref.database(), ref.table());
    }

    public String targetDatabaseName(String db) {
        DatabaseSelection d = objects.database(db);
        return d == null ? capitalization.apply(db) : ObjectSelection.targetName(d, capitalization);
    }

    public String targetTableName(String db, String table) {
        DatabaseSelection d = objects.database(db);
        TableSelection t = d == null || d.isWholeDatabase() ? null : objects.table(db, table);
        return t == null ? capitalization.apply(table) : ObjectSelection.targetName(t, capitalization);
    }

    /** Columns are never renamed, only recapitalized. */
    public String targetColumnName(String db, String table, String column) {
        return capitalization.apply(column);
    }

    /** Name on the target of {@code direction} of a database named as on its source. */
    public String targetDatabaseName(Direction direction, String db) {
        if (direction.isForward()) {
            return targetDatabaseName(db);
        }
        DatabaseSelection d = objects.databaseByTarget(db, capitalization);
        return d == null ? db : d.name();
    }

    public String targetTableName(Direction direction, String db, String table) {
        if (direction.isForward()) {
            return targetTableName(db, table);
        }
        TableRef ref = objects.sourceOf(db, table, capitalization);
        return ref == null ? table : ref.table();
    }

    /** In reverse, a listed column gets back its node-a spelling; others keep node b's. */
    public String targetColumnName(Direction direction, String db, String table, String column) {
        if (direction.isForward()) {
            return targetColumnName(db, table, column);
        }
        TableSelection t = selectionFor(direction, db, table);
        if (t == null) {
            return column;
        }
        return t.columns().stream().filter(c -> c.equalsIgnoreCase(column)).findFirst().orElse(column);
    }

    /** The policy of a node-a table: the table's, else its database's, else the task's. */
    public ConflictPolicy conflictPolicyFor(String db, String table) {
        TableSelection t = objects.table(db, table);
        DatabaseSelection d = objects.database(db);
        if (t != null && t.conflictPolicy() != null) {
            return t.conflictPolicy();
        }
        return d != null && d.conflictPolicy() != null ? d.conflictPolicy() : sync.conflictPolicy();
    }

    /** The full conflict rule of a node-a table, column rules (useMax/useMin) included. */
    public ConflictResolution conflictResolutionFor(String db, String table) {
        ConflictPolicy policy = conflictPolicyFor(db, table);
        TableSelection t = objects.table(db, table);
        if (policy == ConflictPolicy.LAST_WRITER_WINS) {
            return new ConflictResolution.LastWriterWins(t != null && t.lwwColumn() != null ? t.lwwColumn()
                    : TableSelection.DEFAULT_LWW_COLUMN);
        }
        if (t != null && t.useMax() != null) {
            return new ConflictResolution.UseMax(t.useMax(), policy);
        }
        if (t != null && t.useMin() != null) {
            return new ConflictResolution.UseMin(t.useMin(), policy);
        }
        return new ConflictResolution.ByPolicy(policy);
    }

    /** Operations synchronized for a node-a table; empty if the table is not selected. */
    public Set<Op> operationsFor(String db, String table) {
        TableSelection t = selectionFor(db, table);
        if (t == null) {
            return Set.of();
        }
        return t.operations() != null ? t.operations() : objects.database(db).operations();
    }

    /** Selected columns of a node-a table; empty means every column (or table not selected). */
    public List<String> columnsFor(String db, String table) {
        TableSelection t = selectionFor(db, table);
        return t == null ? List.of() : t.columns();
    }

    /** Counter columns of a node-a table, applied as increments; empty if none or not selected. */
    public List<String> deltaFor(String db, String table) {
        TableSelection t = selectionFor(db, table);
        return t == null ? List.of() : t.delta();
    }

    /** Whether any table can be under last-writer-wins (the task, a database or a listed table says so). */
    public boolean usesLastWriterWins() {
        if (sync.conflictPolicy() == ConflictPolicy.LAST_WRITER_WINS) {
            return true;
        }
        return objects.databases().stream().anyMatch(d -> d.conflictPolicy() == ConflictPolicy.LAST_WRITER_WINS
                || d.tables().stream().anyMatch(t -> t.conflictPolicy() == ConflictPolicy.LAST_WRITER_WINS));
    }

    /** Row filter of a node-a table; {@link WhereFilter#all()} if it has none. */
    public WhereFilter whereFor(String db, String table) {
        TableSelection t = selectionFor(db, table);
        return t == null ? WhereFilter.all() : t.where();
    }

    /** The node-a table a table named as on the source of {@code direction} stands for. */
    private TableRef sourceRef(Direction direction, String db, String table) {
        return direction.isForward() ? new TableRef(db, table) : objects.sourceOf(db, table, capitalization);
    }
}

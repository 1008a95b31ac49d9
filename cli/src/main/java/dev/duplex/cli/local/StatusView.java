package dev.duplex.cli.local;

import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.store.VerifyResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What `duplex status` shows, read from the stores: one immutable snapshot.
 *
 * @param log the task log's latest lines, newest first: what a user should see that did not stop the task
 */
public record StatusView(TaskRecord task, Map<Direction, DirectionStatus> directions,
                         Map<Direction, CaptureCheckpoint> checkpoints, List<ConflictRecord> conflicts,
                         Optional<FullSyncProgress> fullSync, Optional<VerifyResult> verification, Instant takenAt,
                         List<TaskLogEntry> log) {
    /** Lines of the task log shown. */
    static final int LOG_LINES = 5;

    /** A view without task log lines. */
    public StatusView(TaskRecord task, Map<Direction, DirectionStatus> directions,
                      Map<Direction, CaptureCheckpoint> checkpoints, List<ConflictRecord> conflicts,
                      Optional<FullSyncProgress> fullSync, Optional<VerifyResult> verification, Instant takenAt) {
        this(task, directions, checkpoints, conflicts, fullSync, verification, takenAt, List.of());
    }

    /** A view without a scheduled verification. */
    public StatusView(TaskRecord task, Map<Direction, DirectionStatus> directions,
                      Map<Direction, CaptureCheckpoint> checkpoints, List<ConflictRecord> conflicts,
                      Optional<FullSyncProgress> fullSync, Instant takenAt) {
        this(task, directions, checkpoints, conflicts, fullSync, Optional.empty(), takenAt);
    }

    public static StatusView read(String taskName, TaskStore tasks, StatusStore status, CheckpointStore checkpoints,
                                  ConflictLog conflicts, int conflictLimit, Instant now) {
        return read(taskName, tasks, status, checkpoints, conflicts, null, conflictLimit, now);
    }

    /** @param snapshots the full sync's progress, shown while the task is in its initial load; may be null */
    public static StatusView read(String taskName, TaskStore tasks, StatusStore status, CheckpointStore checkpoints,
                                  ConflictLog conflicts, SnapshotStore snapshots, int conflictLimit, Instant now) {
        TaskRecord task = tasks.get(taskName).orElseThrow(() -> new IllegalStateException(
                "no task '" + taskName + "' stored: start it with duplex local -c FILE or store it with duplex task put"));
        Map<Direction, DirectionStatus> dirs = new EnumMap<>(Direction.class);
        Map<Direction, CaptureCheckpoint> cps = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            status.get(taskName, d).ifPresent(s -> dirs.put(d, s));
            checkpoints.load(taskName, d).ifPresent(c -> cps.put(d, c));
        }
        List<ConflictRecord> recent = conflictLimit > 0 ? conflicts.recent(taskName, conflictLimit) : List.of();
        Optional<FullSyncProgress> progress = snapshots == null ? Optional.empty()
                : FullSyncProgress.of(snapshots.tables(taskName));
        return new StatusView(task, dirs, cps, recent, progress, status.lastVerification(taskName), now,
                status.log(taskName, LOG_LINES));
    }

    /** The task is creating tables or copying rows. */
    public boolean initialLoad() {
        return task.state() == TaskState.SCHEMA_SYNC || task.state() == TaskState.FULL_SYNC;
    }

    public long rowsApplied(Direction d) {
        return Optional.ofNullable(directions.get(d)).map(DirectionStatus::rowsApplied).orElse(0L);
    }

    /** Conflicts of both directions; a full sync's catch-up replays are not among them. */
    public long conflictCount() {
        return directions.values().stream().mapToLong(DirectionStatus::conflicts).sum();
    }

    /** Rows per second between an earlier snapshot and this one. */
    public double rowsPerSecond(StatusView earlier, Direction d) {
        double secs = Duration.between(earlier.takenAt, takenAt).toMillis() / 1000.0;
        return secs <= 0 ? 0 : (rowsApplied(d) - earlier.rowsApplied(d)) / secs;
    }

    /** Rows the full sync copied per second between an earlier snapshot and this one; empty without both. */
    public OptionalDouble fullSyncRate(StatusView earlier) {
        double secs = earlier == null ? 0 : Duration.between(earlier.takenAt, takenAt).toMillis() / 1000.0;
        if (secs <= 0 || fullSync.isEmpty() || earlier.fullSync.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((fullSync.get().rowsDone() - earlier.fullSync.get().rowsDone()) / secs);
    }

    /**
     * Seconds until the full sync has copied its estimated rows at the rate between the two
     * snapshots; empty when no rows were copied in between (no rate) or the copy is not running.
     * As approximate as the servers' row estimates it divides.
     */
    public OptionalLong fullSyncEtaSeconds(StatusView earlier) {
        var rate = fullSyncRate(earlier);
        if (!initialLoad() || rate.isEmpty() || rate.getAsDouble() <= 0) {
            return OptionalLong.empty();
        }
        FullSyncProgress p = fullSync.get();
        return OptionalLong.of((long) Math.ceil(Math.max(0, p.rowsEstimated() - p.rowsDone()) / rate.getAsDouble()));
    }

    /**
     * How long ago the latency shown was measured, at least; with several message groups, the
     * oldest group's measurement, so one group that stopped applying is not hidden by the others.
     */
    public OptionalLong latencyAgeMillis(Direction d) {
        DirectionStatus s = directions.get(d);
        if (s == null || s.latencyMillis() < 0 || s.latencyMeasuredAt().equals(Instant.EPOCH)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, Duration.between(s.latencyMeasuredAt(), takenAt).toMillis()));
    }

    /** A human-readable report; {@code earlier} (may be null) gives throughput. */
    public List<String> render(StatusView earlier) {
        return render(earlier, Map.of());
    }

    /** The report with each direction's queue figures, where known. */
    public List<String> render(StatusView earlier, Map<Direction, QueueStats> queues) {
        List<String> out = new ArrayList<>();
        out.add("task " + task.task() + ": " + task.state()
                + (task.stateReason().isEmpty() ? "" : " - " + task.stateReason()));
        if (task.state() == TaskState.SCHEMA_SYNC) {
            out.add("  schema sync: creating the selected tables on node b");
        }
        fullSync.ifPresent(p -> out.add(initialLoad() ? "  " + p.line() + eta(earlier)
                : String.format("  full sync finished: %d tables, %,d rows copied", p.tables(), p.rowsDone())));
        for (Direction d : Direction.values()) {
            out.add(directionLine(d, earlier));
            ddlFailuresLine(d).ifPresent(out::add);
            Optional.ofNullable(queues.get(d)).ifPresent(q -> out.add("  " + d.code() + "  " + q.line()));
        }
        verification.ifPresent(v -> out.add(verificationLine(v)));
        if (!log.isEmpty()) {
            out.add("task log (latest " + log.size() + "):");
            log.forEach(e -> out.add("  " + e.at().truncatedTo(ChronoUnit.SECONDS) + " " + e.level() + " "
                    + (e.direction().isEmpty() ? "" : e.direction() + " ") + e.message()));
        }
        if (!conflicts.isEmpty()) {
            out.add("recent conflicts (" + conflictCount() + " in all):");
            for (ConflictRecord c : conflicts) {
                out.add(String.format("  %s %s %s.%s key %s: %s -> %s", c.detectedAt(), c.direction().code(),
                        c.database(), c.table(), c.key(), c.kind(), c.decision()));
            }
        }
        return out;
    }

    private String eta(StatusView earlier) {
        if (earlier == null) {
            return "";
        }
        var eta = fullSyncEtaSeconds(earlier);
        return eta.isEmpty() ? "  ETA unknown (no rows copied between the two samples)"
                : String.format("  ETA ~%s at %,.0f rows/s", Duration.ofSeconds(eta.getAsLong()).toString()
                        .substring(2).toLowerCase(Locale.ROOT), fullSyncRate(earlier).getAsDouble());
    }

    /** The latest scheduled verification (verify.schedule). */
    private static String verificationLine(VerifyResult v) {
        String at = "  last verification " + v.at().truncatedTo(ChronoUnit.SECONDS) + ": ";
        if (v.differences() < 0) {
            return at + v.note();
        }
        String what = v.differences() == 0 ? "identical" : v.differences() + " keys differ (duplex verify --repair)";
        return at + v.tables() + " tables, " + String.format("%,d", v.rows()) + " rows, " + what
                + (v.differing().isEmpty() ? "" : ": " + String.join("; ", v.differing()))
                + (v.note().isEmpty() ? "" : " (" + v.note() + ")");
    }

    private String directionLine(Direction d, StatusView earlier) {
        DirectionStatus s = directions.get(d);
        CaptureCheckpoint cp = checkpoints.get(d);
        String captured = cp == null ? "-" : cp.position().file() + ":" + cp.position().pos();
        if (s == null) {
            return String.format("  %s  captured %s  applied: nothing yet%s", d.code(), captured, held(d));
        }
        String rate = (earlier == null ? "" : String.format("  %.0f rows/s", rowsPerSecond(earlier, d)))
                + latencyAgeMillis(d).stream().mapToObj(ms -> "  latency measured >=" + ms / 1000 + " s ago")
                .findFirst().orElse("");
        return String.format("  %s  latency %s  rows %d%s  conflicts %d%s  captured %s  applied %s%s", d.code(),
                s.latencyMillis() < 0 ? "-" : s.latencyMillis() + " ms", s.rowsApplied(), rate, s.conflicts(),
                catchUpReplays(s), captured, s.lastSourcePosition().isEmpty() ? "-" : s.lastSourcePosition(),
                groups(s) + retrying(s) + lastError(s)) + held(d);
    }

    /** With several message groups, the applied position and latency are the group furthest behind's: named. */
    private static String groups(DirectionStatus s) {
        return s.groups() > 1 ? String.format(" (lowest of %d message groups: %s)", s.groups(), s.behindGroup()) : "";
    }

    /**
     * Rows a full sync's catch-up replayed over rows already there: the hand-over's overlap, shown
     * so the count is explained, apart from the conflicts it is not part of.
     */
    private static String catchUpReplays(DirectionStatus s) {
        return s.catchUpReplays() == 0 ? "" : "  catch-up replays " + s.catchUpReplays() + " (not conflicts)";
    }

    /** While the direction fails: since when, and when the apply gives up (the task's retry window later). */
    private String retrying(DirectionStatus s) {
        if (!s.retrying()) {
            return "";
        }
        String since = "  retrying since " + s.retryingSince().truncatedTo(ChronoUnit.SECONDS);
        try {
            int minutes = TaskConfigLoader.parse(task.config()).retryWindowMinutes();
            return since + ", gives up at "
                    + s.retryingSince().plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
        } catch (RuntimeException unreadable) {
            return since; // the task's stored configuration does not parse: the window is unknown here
        }
    }

    /**
     * Node b's changes wait in their queue until the full sync has ended: its latency and rows stand
     * still meanwhile, and that is by design, not a stall.
     */
    private String held(Direction d) {
        return initialLoad() && task.state().holds(d)
                ? "  held until the full sync ends (node b's changes wait in the queue, then apply in order)" : "";
    }

    /**
     * DDL the target refused: skipped, the task went on (as the reference), so only here and in
     * the alarm does one learn that node b's schema now differs from node a's.
     */
    private Optional<String> ddlFailuresLine(Direction d) {
        DirectionStatus s = directions.get(d);
        if (s == null || s.ddlFailures() == 0) {
            return Optional.empty();
        }
        String last = s.lastDdlFailure().map(f -> "; last at " + f.at().truncatedTo(ChronoUnit.SECONDS)
                + (f.database().isEmpty() ? "" : " in " + f.database()) + ": " + f.statement() + " -- "
                + oneLine(f.error())).orElse("");
        return Optional.of(String.format("  %s  DDL failures %d (refused by the target and skipped)%s", d.code(),
                s.ddlFailures(), last));
    }

    /** The last error with its time, and whether the direction has applied since (a past error). */
    private static String lastError(DirectionStatus s) {
        if (s.lastError().isEmpty()) {
            return "";
        }
        String at = s.lastErrorAt().equals(Instant.EPOCH) ? ""
                : " at " + s.lastErrorAt().truncatedTo(ChronoUnit.SECONDS);
        return "  last error" + at + (s.recoveredSinceLastError() ? " (applying again since)" : "") + ": "
                + oneLine(s.lastError());
    }

    /** Driver messages span lines; a status line must stay one line. */
    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}

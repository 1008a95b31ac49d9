package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-direction running status of a task and its log. Writers throttle themselves; this store does not. */
public interface StatusStore {

    /** Adds the counters of {@code progress} to the stored ones and replaces the other fields. */
    void addProgress(String task, Direction direction, StatusProgress progress);

    /** Sets the direction's last error ("" clears it). */
    void recordError(String task, Direction direction, String error, Instant at);

    /**
     * Records a failure that may pass as the direction's last error, and marks the message group
     * {@code group} of the direction retrying from {@code at} unless it already is (the earliest
     * start stays, whichever apply instance wrote it). Returns the stored start of the group's
     * retry window: every instance measures the task's retryWindowMinutes from it. Each group has
     * a window of its own, so that one group's successes do not keep restarting another's.
     */
    Instant recordRetrying(String task, Direction direction, String group, String error, Instant at);

    /**
     * Counts one DDL statement the target refused, atomically (every apply instance of the
     * direction adds to the same count), and makes it the direction's last refused DDL unless a
     * later one is stored already.
     */
    void recordRefusedDdl(String task, Direction direction, RefusedDdl refused);

    /** Ends the retry window of one group of the direction (it applied a message again); no-op if none. */
    void endRetrying(String task, Direction direction, String group);

    /** Ends the retry windows of every group of the direction (the task stopped); no-op if none. */
    void endAllRetrying(String task, Direction direction);

    Optional<DirectionStatus> get(String task, Direction direction);

    /** Keeps the latest scheduled verification of the task (replacing the one before). */
    void recordVerification(String task, VerifyResult result);

    Optional<VerifyResult> lastVerification(String task);

    void appendLog(TaskLogEntry entry);

    /** The task's most recent log entries, newest first. */
    List<TaskLogEntry> log(String task, int limit);
}

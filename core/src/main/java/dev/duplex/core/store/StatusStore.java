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

    Optional<DirectionStatus> get(String task, Direction direction);

    void appendLog(TaskLogEntry entry);

    /** The task's most recent log entries, newest first. */
    List<TaskLogEntry> log(String task, int limit);
}

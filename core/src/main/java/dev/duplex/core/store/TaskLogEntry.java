package dev.duplex.core.store;

import java.time.Instant;
import java.util.Objects;

/** One line of a task's log: something a user should see that did not stop the task (e.g. a failed DDL). */
public record TaskLogEntry(String task, String direction, String level, String message, Instant at) {
    public TaskLogEntry {
        Objects.requireNonNull(task, "task");
        direction = direction == null ? "" : direction;
        level = level == null ? "INFO" : level;
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}

package dev.duplex.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored task: the user's config document (secrets are references, never values), its state
 * and an optimistic version that every update must present.
 */
public record TaskRecord(String task, String config, TaskState state, String stateReason, long version,
                         Instant updatedAt) {
    public TaskRecord {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        stateReason = stateReason == null ? "" : stateReason;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}

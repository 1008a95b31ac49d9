package dev.duplex.core.store;

import java.util.Optional;

/** Task configuration and state. Updates are optimistic: a stale version is refused. */
public interface TaskStore {

    /** Stores a new task in state CREATED, or replaces the config of an existing one (keeping its state). */
    TaskRecord put(String task, String configDocument);

    Optional<TaskRecord> get(String task);

    /**
     * Moves the task to {@code state} if its stored version is still {@code expectedVersion}.
     *
     * @throws StaleVersionException when someone else updated the task first
     * @throws IllegalStateException when the lifecycle does not allow the move
     */
    TaskRecord updateState(String task, TaskState state, String reason, long expectedVersion);

    /** Thrown when an optimistic update presents a version that is no longer current. */
    final class StaleVersionException extends RuntimeException {
        public StaleVersionException(String task, long expected) {
            super("task '" + task + "' was changed by someone else (expected version " + expected
                    + "): reload it and apply the change again");
        }
    }
}

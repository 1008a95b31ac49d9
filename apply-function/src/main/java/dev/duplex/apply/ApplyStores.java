package dev.duplex.apply;

import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskStore;
import java.util.Objects;

/** The DynamoDB-backed stores the apply side reads and writes. */
public record ApplyStores(TaskStore tasks, StatusStore status, ConflictLog conflicts) {
    public ApplyStores {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conflicts, "conflicts");
    }
}

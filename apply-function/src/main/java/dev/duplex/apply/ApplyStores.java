package dev.duplex.apply;

import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.RemovedColumnStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskStore;
import java.util.Objects;

/**
 * The DynamoDB-backed stores the apply side reads and writes.
 *
 * @param removedColumns what forward DDL did to column names, written going forward and read in
 *                       reverse ({@link dev.duplex.apply.dml.ForwardDdlColumns}); null without it:
 *                       then every column of a reverse row must exist on node a, as going forward
 */
public record ApplyStores(TaskStore tasks, StatusStore status, ConflictLog conflicts,
                          RemovedColumnStore removedColumns) {
    public ApplyStores {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conflicts, "conflicts");
    }

    /** Without removed-column records (see {@link #removedColumns()}). */
    public ApplyStores(TaskStore tasks, StatusStore status, ConflictLog conflicts) {
        this(tasks, status, conflicts, null);
    }
}

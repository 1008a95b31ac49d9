package dev.duplex.apply.conflict;

import dev.duplex.core.error.FatalException;

/** A conflict under the task-failed policy: the message is rolled back and the task stops. */
public final class ConflictException extends FatalException {
    private final Conflict conflict;

    public ConflictException(Conflict conflict, String position) {
        super("conflict " + conflict.describe() + ": fix the row on the target (its key values are in the conflict"
                + " log: `duplex status` lists the recent conflicts) or change the table's conflictPolicy, then set"
                + " the task back to RUNNING and redrive the queue", position, 0, null);
        this.conflict = conflict;
    }

    public Conflict conflict() {
        return conflict;
    }
}

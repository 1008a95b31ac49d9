package dev.duplex.core.store;

import java.util.EnumSet;
import java.util.Set;

/** Task lifecycle; see ARCHITECTURE.md "Task lifecycle". Any state may move to FAILED. */
public enum TaskState {
    CREATED, PRECHECK, PRECHECK_FAILED, SCHEMA_SYNC, FULL_SYNC, RUNNING, PAUSED, FAILED;

    public boolean canMoveTo(TaskState next) {
        return next == FAILED || next == this || allowedNext().contains(next);
    }

    private Set<TaskState> allowedNext() {
        return switch (this) {
            case CREATED, PRECHECK_FAILED, FAILED -> EnumSet.of(PRECHECK);
            case PRECHECK -> EnumSet.of(PRECHECK_FAILED, SCHEMA_SYNC, FULL_SYNC, RUNNING);
            case SCHEMA_SYNC -> EnumSet.of(FULL_SYNC, RUNNING, PAUSED);
            case FULL_SYNC -> EnumSet.of(RUNNING, PAUSED);
            case RUNNING -> EnumSet.of(PAUSED, PRECHECK);
            case PAUSED -> EnumSet.of(RUNNING, SCHEMA_SYNC, FULL_SYNC, PRECHECK);
        };
    }
}

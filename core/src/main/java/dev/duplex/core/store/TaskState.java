package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.util.EnumSet;
import java.util.Set;

/** Task lifecycle; see docs/architecture.md, "The life of a task". Any state may move to FAILED. */
public enum TaskState {
    CREATED, PRECHECK, PRECHECK_FAILED, SCHEMA_SYNC, FULL_SYNC, RUNNING, PAUSED, FAILED;

    /**
     * Whether the task may have run: anything but CREATED (a failed precheck may follow a run, on
     * a resume). What must not change under queued messages (the partitioning) is judged by it.
     */
    public boolean started() {
        return this != CREATED;
    }

    public boolean canMoveTo(TaskState next) {
        return next == FAILED || next == this || allowedNext().contains(next);
    }

    /**
     * Whether direction {@code d} leaves its messages in the queue in this state. A FAILED or
     * PAUSED task applies nothing. During the initial load (SCHEMA_SYNC, FULL_SYNC) the reverse
     * direction waits too: node b's changes reach node a only once the copy has ended, so no chunk
     * read from node a can hold a row that node b changed or deleted since (issue #13); they are
     * applied in order once the task is RUNNING.
     */
    public boolean holds(Direction d) {
        return switch (this) {
            case FAILED, PAUSED -> true;
            case SCHEMA_SYNC, FULL_SYNC -> !d.isForward();
            default -> false;
        };
    }

    /**
     * Whether direction {@code d}'s messages are delivered to its apply in this state: during the
     * initial load and while running, unless held. Off, the event source mapping is switched off
     * (on AWS) or the poller does not receive (locally), so waiting spends no receive.
     */
    public boolean applies(Direction d) {
        return (this == RUNNING || this == SCHEMA_SYNC || this == FULL_SYNC) && !holds(d);
    }

    private Set<TaskState> allowedNext() {
        return switch (this) {
            case CREATED, PRECHECK_FAILED -> EnumSet.of(PRECHECK);
            // duplex task recover takes a FAILED task back to the phase it failed in.
            case FAILED -> EnumSet.of(PRECHECK, SCHEMA_SYNC, FULL_SYNC, RUNNING);
            case PRECHECK -> EnumSet.of(PRECHECK_FAILED, SCHEMA_SYNC, FULL_SYNC, RUNNING);
            case SCHEMA_SYNC -> EnumSet.of(FULL_SYNC, RUNNING, PAUSED);
            case FULL_SYNC -> EnumSet.of(RUNNING, PAUSED);
            case RUNNING -> EnumSet.of(PAUSED, PRECHECK);
            case PAUSED -> EnumSet.of(RUNNING, SCHEMA_SYNC, FULL_SYNC, PRECHECK);
        };
    }
}

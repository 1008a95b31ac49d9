package dev.duplex.core.config;

/** How the apply side resolves a conflict when no column-based rule (useMax/useMin) decides it. */
public enum ConflictPolicy implements Coded {
    /** The task stops in state FAILED with the conflict shown. */
    TASK_FAILED("task-failed"),
    /** The target row is kept and the incoming change is skipped. */
    IGNORE("ignore"),
    /** The target row is replaced by the incoming change. */
    OVERWRITE("overwrite"),
    /**
     * Each row carries a version (the time of its last write, in microseconds) and each delete
     * leaves a tombstone; the later write wins on both nodes, so they converge.
     */
    LAST_WRITER_WINS("last-writer-wins");

    private final String code;

    ConflictPolicy(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}

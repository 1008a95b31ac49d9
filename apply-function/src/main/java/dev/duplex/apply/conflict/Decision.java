package dev.duplex.apply.conflict;

/** What the apply side does about a conflict. */
public enum Decision {
    /** Roll the message back, set the task FAILED and stop applying the group. */
    FAIL_TASK,
    /** Leave the target row as it is and skip the incoming change. */
    KEEP_TARGET,
    /** Make the target row what the incoming change says (overwrite). */
    APPLY_INCOMING
}

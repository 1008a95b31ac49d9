package dev.duplex.core.store;

import java.util.List;

/** Every conflict the apply side met, kept for a limited time (TTL) for `duplex status` and audits. */
public interface ConflictLog {

    void record(ConflictRecord conflict);

    /** The task's most recent conflicts, newest first. */
    List<ConflictRecord> recent(String task, int limit);
}

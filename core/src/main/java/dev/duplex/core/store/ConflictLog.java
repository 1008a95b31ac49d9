package dev.duplex.core.store;

import java.util.List;

/**
 * Every conflict the apply side met, kept for a limited time (TTL) for `duplex status`,
 * `duplex conflicts` and audits. A full sync's catch-up replays are not conflicts and are not
 * recorded here (the direction's status counts them).
 */
public interface ConflictLog {

    void record(ConflictRecord conflict);

    /**
     * Records every one of {@code conflicts}, or throws: a store may write them in fewer requests
     * than one each (a message that meets many conflicts must not wait for a round trip per row).
     */
    default void recordAll(List<ConflictRecord> conflicts) {
        conflicts.forEach(this::record);
    }

    /** The task's most recent conflicts, newest first. */
    List<ConflictRecord> recent(String task, int limit);

    /** The task's conflicts that {@code query} selects, newest first, at most its limit. */
    List<ConflictRecord> query(String task, ConflictQuery query);
}

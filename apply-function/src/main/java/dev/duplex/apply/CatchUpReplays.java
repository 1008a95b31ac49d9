package dev.duplex.apply;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.core.model.Batch;
import java.util.List;

/**
 * Tells a full sync's catch-up replays from conflicts. The catch-up re-applies node a's changes
 * from before the snapshot's rows were read, so it meets rows the snapshot already copied (and
 * deletes of rows the snapshot never saw): the hand-over's expected overlap, decided by the
 * "catch-up" rule. Counted as conflicts they told users of a workload without any that it had
 * some, and filled the conflict log with rows nobody wrote twice; they get their own counter.
 */
final class CatchUpReplays {
    /** The policy {@link dev.duplex.apply.conflict.ConflictResolver} names for a catch-up batch's rows. */
    static final String POLICY = "catch-up";

    private CatchUpReplays() {}

    static boolean isReplay(Batch batch, Conflict c) {
        return POLICY.equals(c.resolution().policy())
                || (batch.catchUp() && c.kind() == ConflictKind.DELETE_MISSING);
    }

    static List<Conflict> conflictsOnly(Batch batch, List<Conflict> conflicts) {
        return conflicts.stream().filter(c -> !isReplay(batch, c)).toList();
    }

    static long replays(Batch batch, List<Conflict> conflicts) {
        return conflicts.stream().filter(c -> isReplay(batch, c)).count();
    }
}
